using System.Net;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Radio.Domain.Favorites;
using Radio.Infrastructure.Persistence;
using Radio.IntegrationTests.Infrastructure;
using Radio.IntegrationTests.Library;
using Radio.IntegrationTests.Persistence;

namespace Radio.IntegrationTests.Favorites;

public abstract class FavoritesTests(RadioApp app)
{
    public sealed class OnSqlite(RadioApp app) : FavoritesTests(app), IClassFixture<RadioApp>;

    public sealed class OnPostgreSql(PostgresRadioApp app) : FavoritesTests(app), IClassFixture<PostgresRadioApp>;

    [Fact]
    public async Task Marking_a_favourite_twice_is_a_204_each_time_and_lists_it_once()
    {
        var listener = await app.ListenerAsync();
        var song = await NewSongAsync();

        var first = await listener.PutAsync($"/users/me/favorites/{song}", null);
        var second = await listener.PutAsync($"/users/me/favorites/{song}", null);

        first.StatusCode.Should().Be(HttpStatusCode.NoContent);
        second.StatusCode.Should().Be(HttpStatusCode.NoContent);
        (await FavoriteIdsAsync(listener)).Should().Equal(song);
    }

    [Fact]
    public async Task Marking_one_favourite_several_times_at_once_is_a_204_each_time_and_lists_it_once()
    {
        var listener = await app.ListenerAsync();
        var song = await NewSongAsync();

        var responses = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => listener.PutAsync($"/users/me/favorites/{song}", null)));

        responses.Should().OnlyContain(r => r.StatusCode == HttpStatusCode.NoContent);
        (await FavoriteIdsAsync(listener)).Should().Equal(song);
    }

    [Fact]
    public async Task Marking_an_unknown_song_is_a_404_problem_and_stores_nothing()
    {
        var listener = await app.ListenerAsync();

        var response = await listener.PutAsync("/users/me/favorites/999999", null);

        await response.ShouldBeProblemAsync(404);
        (await FavoriteIdsAsync(listener)).Should().BeEmpty();
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    public async Task Marking_an_id_no_song_can_have_is_a_404_problem_and_unmarking_it_a_204(int songId)
    {
        var listener = await app.ListenerAsync();

        var mark = await listener.PutAsync($"/users/me/favorites/{songId}", null);
        var unmark = await listener.DeleteAsync($"/users/me/favorites/{songId}");

        await mark.ShouldBeProblemAsync(404);
        unmark.StatusCode.Should().Be(HttpStatusCode.NoContent);
        (await FavoriteIdsAsync(listener)).Should().BeEmpty();
    }

    [Fact]
    public async Task Unmarking_is_a_204_and_idempotent_even_for_a_song_never_marked()
    {
        var listener = await app.ListenerAsync();
        var song = await NewSongAsync();
        await listener.PutAsync($"/users/me/favorites/{song}", null);

        var first = await listener.DeleteAsync($"/users/me/favorites/{song}");
        var again = await listener.DeleteAsync($"/users/me/favorites/{song}");
        var unknown = await listener.DeleteAsync("/users/me/favorites/999999");

        first.StatusCode.Should().Be(HttpStatusCode.NoContent);
        again.StatusCode.Should().Be(HttpStatusCode.NoContent);
        unknown.StatusCode.Should().Be(HttpStatusCode.NoContent);
        (await FavoriteIdsAsync(listener)).Should().BeEmpty();
    }

    [Fact]
    public async Task Favourites_list_the_most_recently_added_first_and_marking_again_does_not_move_one()
    {
        var listener = await app.ListenerAsync();
        var (a, b, c) = (await NewSongAsync(), await NewSongAsync(), await NewSongAsync());
        foreach (var song in new[] { a, b, c, a })
        {
            (await listener.PutAsync($"/users/me/favorites/{song}", null)).StatusCode.Should().Be(HttpStatusCode.NoContent);
        }

        (await FavoriteIdsAsync(listener)).Should().Equal(c, b, a);
    }

    [Fact]
    public async Task Favourites_are_full_song_objects_with_station_ready()
    {
        var listener = await app.ListenerAsync();
        var artist = await app.AddArtistAsync(Api.UniqueName("Artist"));
        var album = await app.AddAlbumAsync("Album", artist);
        var song = await app.AddSongAsync("Favourite Song", [artist], album);
        await listener.PutAsync($"/users/me/favorites/{song}", null);

        var response = await listener.GetAsync("/users/me/favorites");
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        response.Content.Headers.ContentType!.MediaType.Should().Be("application/json");
        json.RootElement.GetArrayLength().Should().Be(1);
        json.RootElement[0].ShouldBeSongObject(withAlbum: true);
        json.RootElement[0].GetProperty("title").GetString().Should().Be("Favourite Song");
    }

    [Fact]
    public async Task Favourites_page_with_limit_and_offset()
    {
        var listener = await app.ListenerAsync();
        var songs = new List<int>();
        for (var i = 0; i < 5; i++)
        {
            songs.Add(await NewSongAsync());
            await listener.PutAsync($"/users/me/favorites/{songs[^1]}", null);
        }

        songs.Reverse(); // newest first
        (await FavoriteIdsAsync(listener, "?limit=2")).Should().Equal(songs[0], songs[1]);
        (await FavoriteIdsAsync(listener, "?limit=2&offset=2")).Should().Equal(songs[2], songs[3]);
        (await FavoriteIdsAsync(listener, "?offset=4")).Should().Equal(songs[4]);
        (await FavoriteIdsAsync(listener, "?offset=5")).Should().BeEmpty();
    }

    [Fact]
    public async Task Without_a_limit_a_page_holds_50_favourites()
    {
        var listener = await app.ListenerAsync();
        var artist = await app.AddArtistAsync(Api.UniqueName("Artist"));
        for (var i = 0; i < 51; i++)
        {
            await listener.PutAsync($"/users/me/favorites/{await app.AddSongAsync(LibrarySeed.Word(), [artist])}", null);
        }

        (await FavoriteIdsAsync(listener)).Should().HaveCount(50, "lists are paged 50 at a time by default");
        (await FavoriteIdsAsync(listener, "?offset=50")).Should().ContainSingle();
        (await FavoriteIdsAsync(listener, "?limit=200")).Should().HaveCount(51);
    }

    [Theory]
    [InlineData("limit=0", "limit")]
    [InlineData("limit=201", "limit")]
    [InlineData("limit=ten", "limit")]
    [InlineData("offset=-1", "offset")]
    public async Task A_page_out_of_range_is_a_400_problem(string query, string field)
    {
        var listener = await app.ListenerAsync();

        var problem = await (await listener.GetAsync($"/users/me/favorites?{query}")).ShouldBeProblemAsync(400);

        problem.Errors.Should().ContainKey(field);
    }

    [Fact]
    public async Task Each_account_sees_only_its_own_favourites()
    {
        var (first, second) = (await app.ListenerAsync(), await app.ListenerAsync());
        var song = await NewSongAsync();

        await first.PutAsync($"/users/me/favorites/{song}", null);

        (await FavoriteIdsAsync(second)).Should().BeEmpty();
    }

    [Fact]
    public async Task Artists_and_admins_are_signed_in_too_and_keep_favourites()
    {
        var artist = app.CreateClient((await app.CreateClient().RegisterAsync(artistName: Api.UniqueName("artist"))).Token);
        var admin = await app.AdminAsync();
        var song = await NewSongAsync();

        foreach (var client in new[] { artist, admin })
        {
            (await client.PutAsync($"/users/me/favorites/{song}", null)).StatusCode.Should().Be(HttpStatusCode.NoContent);
            (await FavoriteIdsAsync(client)).Should().StartWith([song]);
            (await client.DeleteAsync($"/users/me/favorites/{song}")).StatusCode.Should().Be(HttpStatusCode.NoContent);
        }
    }

    [Fact]
    public async Task An_anonymous_token_is_refused_with_403_on_every_favourites_endpoint()
    {
        var anonymous = (await (await app.CreateClient().PostAsync("/auth/anonymous", null)).ReadAsync<AnonymousToken>())!;
        var client = app.CreateClient(anonymous.Token);
        var song = await NewSongAsync();

        await (await client.GetAsync("/users/me/favorites")).ShouldBeProblemAsync(403);
        await (await client.PutAsync($"/users/me/favorites/{song}", null)).ShouldBeProblemAsync(403);
        await (await client.DeleteAsync($"/users/me/favorites/{song}")).ShouldBeProblemAsync(403);
    }

    [Fact]
    public async Task Without_a_token_every_favourites_endpoint_is_a_401_problem()
    {
        var client = app.CreateClient();

        await (await client.GetAsync("/users/me/favorites")).ShouldBeProblemAsync(401);
        await (await client.PutAsync("/users/me/favorites/1", null)).ShouldBeProblemAsync(401);
        await (await client.DeleteAsync("/users/me/favorites/1")).ShouldBeProblemAsync(401);
    }

    [Fact]
    public async Task A_deleted_song_leaves_every_favourites_list_and_its_rows_go_with_it()
    {
        var (first, second) = (await app.ListenerAsync(), await app.ListenerAsync());
        var (kept, deleted) = (await NewSongAsync(), await NewSongAsync());
        foreach (var client in new[] { first, second })
        {
            await client.PutAsync($"/users/me/favorites/{kept}", null);
            await client.PutAsync($"/users/me/favorites/{deleted}", null);
        }

        var removal = await (await app.AdminAsync()).DeleteAsync($"/songs/{deleted}");

        removal.StatusCode.Should().Be(HttpStatusCode.NoContent);
        (await FavoriteIdsAsync(first)).Should().Equal(kept);
        (await FavoriteIdsAsync(second)).Should().Equal(kept);
        await using var scope = app.Services.CreateAsyncScope();
        (await scope.ServiceProvider.GetRequiredService<RadioDbContext>().Set<Favorite>().CountAsync(f => f.SongId == deleted))
            .Should().Be(0, "the database removes a deleted song's favourites with it");
    }

    [Fact]
    public async Task The_openapi_document_describes_the_favourites_endpoints()
    {
        using var document = JsonDocument.Parse(await app.CreateClient().GetStringAsync("/openapi/v1.json"));
        var paths = document.RootElement.GetProperty("paths");

        paths.GetProperty("/users/me/favorites").GetProperty("get").GetProperty("responses").TryGetProperty("403", out _).Should().BeTrue();
        var one = paths.GetProperty("/users/me/favorites/{songId}");
        one.GetProperty("put").GetProperty("responses").TryGetProperty("204", out _).Should().BeTrue();
        one.GetProperty("put").GetProperty("responses").TryGetProperty("404", out _).Should().BeTrue();
        one.GetProperty("delete").GetProperty("responses").TryGetProperty("204", out _).Should().BeTrue();
    }

    private sealed record AnonymousToken(string Token);

    private async Task<int> NewSongAsync() =>
        await app.AddSongAsync(LibrarySeed.Word(), [await app.AddArtistAsync(Api.UniqueName("Artist"))]);

    private static async Task<List<int>> FavoriteIdsAsync(HttpClient client, string query = "")
    {
        var response = await client.GetAsync($"/users/me/favorites{query}");
        ((int)response.StatusCode).Should().Be(200, await response.Content.ReadAsStringAsync());
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return [.. json.RootElement.EnumerateArray().Select(s => s.GetProperty("id").GetInt32())];
    }
}
