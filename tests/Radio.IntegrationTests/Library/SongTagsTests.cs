using System.Net;
using System.Net.Http.Json;
using Radio.IntegrationTests.Infrastructure;
using Radio.IntegrationTests.Persistence;
using Radio.Web.Library;

namespace Radio.IntegrationTests.Library;

public abstract class SongTagsTests(RadioApp app)
{
    public sealed class OnSqlite(RadioApp app) : SongTagsTests(app), IClassFixture<RadioApp>;

    public sealed class OnPostgreSql(PostgresRadioApp app) : SongTagsTests(app), IClassFixture<PostgresRadioApp>;

    private readonly HttpClient _client = app.CreateClient();

    private async Task<HttpClient> AdminAsync() =>
        app.CreateClient((await _client.LoginAsync(RadioApp.AdminUsername, RadioApp.AdminPassword)).Token);

    private static Task<HttpResponseMessage> PutTagsAsync(HttpClient client, int songId, object body) =>
        client.PutAsJsonAsync($"/songs/{songId}/tags", body, Api.Json);

    [Fact]
    public async Task A_songs_tags_are_listed_with_their_scores()
    {
        var word = LibrarySeed.Word();
        var id = await app.AddSongAsync("Tagged", [await app.AddArtistAsync("A")], null, ($"Chill{word}", 0.8), ($"Dark{word}", 0.25));

        var scores = await _client.GetFromJsonAsync<List<TagScoreResponse>>($"/songs/{id}/tags", Api.Json);

        scores.Should().BeEquivalentTo([new TagScoreResponse($"Chill{word}", 0.8), new TagScoreResponse($"Dark{word}", 0.25)]);
    }

    [Fact]
    public async Task Tags_of_an_unknown_song_are_404()
    {
        await (await _client.GetAsync("/songs/999999/tags")).ShouldBeProblemAsync(404);
    }

    [Fact]
    public async Task Tags_are_listed_by_name_with_their_song_counts()
    {
        var word = LibrarySeed.Word();
        var artist = await app.AddArtistAsync("Counter");
        await app.AddSongAsync("One", [artist], null, ($"b{word}", 0.5), ($"A{word}", 0.1));
        await app.AddSongAsync("Two", [artist], null, ($"b{word}", 0.9));

        var tags = await _client.GetFromJsonAsync<List<TagResponse>>("/tags?limit=200", Api.Json);

        tags!.Select(t => t.Name).Should().BeInAscendingOrder(StringComparer.OrdinalIgnoreCase);
        tags.Should().ContainEquivalentOf(new TagResponse($"A{word}", 1)).And.ContainEquivalentOf(new TagResponse($"b{word}", 2));
        (await _client.GetStringAsync("/tags?limit=200")).Should().Contain($"{{\"name\":\"A{word}\",\"song_count\":1}}");
    }

    [Fact]
    public async Task Tags_are_listed_a_page_at_a_time_50_by_default()
    {
        var word = LibrarySeed.Word();
        var artist = await app.AddArtistAsync("Pages");
        await app.AddSongAsync("Many tags", [artist], null, [.. Enumerable.Range(0, 51).Select(i => ($"Page{i:D2}{word}", 0.5))]);

        var all = await _client.GetFromJsonAsync<List<TagResponse>>("/tags?limit=200", Api.Json);
        var first = await _client.GetFromJsonAsync<List<TagResponse>>("/tags", Api.Json);
        var page = await _client.GetFromJsonAsync<List<TagResponse>>("/tags?limit=2&offset=1", Api.Json);

        all!.Count.Should().BeGreaterThan(50);
        first.Should().Equal(all.Take(50));
        page.Should().Equal(all.Skip(1).Take(2));
    }

    [Theory]
    [InlineData("limit=0", "limit")]
    [InlineData("limit=201", "limit")]
    [InlineData("limit=abc", "limit")]
    [InlineData("offset=-1", "offset")]
    [InlineData("offset=x", "offset")]
    public async Task Tag_paging_out_of_range_or_not_a_number_is_400(string paging, string field)
    {
        var response = await _client.GetAsync($"/tags?{paging}");

        (await response.ShouldBeProblemAsync(400)).Errors.Should().ContainKey(field);
    }

    [Fact]
    public async Task An_admin_replaces_the_scores_creating_new_tags_and_reusing_existing_ones_ignoring_case()
    {
        var word = LibrarySeed.Word();
        var id = await app.AddSongAsync("Retag", [await app.AddArtistAsync("B")], null, ($"Old{word}", 0.3), ($"Keep{word}", 0.3));
        var admin = await AdminAsync();

        var response = await PutTagsAsync(admin, id, new[] { new { name = $"KEEP{word}", score = 1.0 }, new { name = $"New{word}", score = 0.0 } });

        response.StatusCode.Should().Be(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        var scores = await _client.GetFromJsonAsync<List<TagScoreResponse>>($"/songs/{id}/tags", Api.Json);
        scores.Should().BeEquivalentTo([new TagScoreResponse($"Keep{word}", 1.0), new TagScoreResponse($"New{word}", 0.0)]);
        var tags = await _client.GetFromJsonAsync<List<TagResponse>>("/tags?limit=200", Api.Json);
        tags.Should().ContainEquivalentOf(new TagResponse($"New{word}", 1)).And.ContainEquivalentOf(new TagResponse($"Keep{word}", 1))
            .And.NotContain(t => t.Name == $"KEEP{word}")
            .And.NotContain(t => t.Name == $"Old{word}", "a tag no song carries any more is removed");
    }

    [Fact]
    public async Task Two_songs_given_one_new_tag_at_once_share_one_tag()
    {
        var word = LibrarySeed.Word();
        var artist = await app.AddArtistAsync("Race");
        var songs = new[] { await app.AddSongAsync("Race A", [artist]), await app.AddSongAsync("Race B", [artist]) };
        var admin = await AdminAsync();

        var responses = await Task.WhenAll(songs.Select((id, i) =>
            PutTagsAsync(admin, id, new[] { new { name = i == 0 ? $"Both{word}" : $"BOTH{word}", score = 0.5 } })));

        responses.Should().OnlyContain(r => r.StatusCode == HttpStatusCode.OK);
        var tags = await _client.GetFromJsonAsync<List<TagResponse>>("/tags?limit=200", Api.Json);
        tags!.Where(t => string.Equals(t.Name, $"Both{word}", StringComparison.OrdinalIgnoreCase)).Should().ContainSingle()
            .Which.SongCount.Should().Be(2, "the request that lost the race to create the tag uses the winner's");
    }

    [Fact]
    public async Task An_empty_list_clears_the_tags()
    {
        var id = await app.AddSongAsync("Clear", [await app.AddArtistAsync("C")], null, ($"Gone{LibrarySeed.Word()}", 0.3));

        var response = await PutTagsAsync(await AdminAsync(), id, Array.Empty<object>());

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        (await _client.GetFromJsonAsync<List<TagScoreResponse>>($"/songs/{id}/tags", Api.Json)).Should().BeEmpty();
    }

    [Fact]
    public async Task An_artist_of_the_song_may_change_its_tags_but_no_other_artist()
    {
        var owner = await _client.RegisterAsync(artistName: "Owner");
        var stranger = await _client.RegisterAsync(artistName: "Stranger");
        var co = await app.AddArtistAsync("Co");
        var id = await app.AddSongAsync("Shared", [co, owner.User.ArtistId!.Value]);
        var body = new[] { new { name = $"Mine{LibrarySeed.Word()}", score = 0.5 } };

        var allowed = await PutTagsAsync(app.CreateClient(owner.Token), id, body);
        var refused = await PutTagsAsync(app.CreateClient(stranger.Token), id, body);

        allowed.StatusCode.Should().Be(HttpStatusCode.OK);
        await refused.ShouldBeProblemAsync(403);
    }

    [Fact]
    public async Task A_listener_or_anonymous_token_is_403_and_no_token_is_401()
    {
        var id = await app.AddSongAsync("Locked", [await app.AddArtistAsync("D")]);
        var body = new[] { new { name = "Nope", score = 0.5 } };
        var listener = await _client.RegisterAsync();
        var anonymous = await (await _client.PostAsync("/auth/anonymous", null)).ReadAsync<Web.Accounts.AnonymousResponse>();

        await (await PutTagsAsync(app.CreateClient(listener.Token), id, body)).ShouldBeProblemAsync(403);
        await (await PutTagsAsync(app.CreateClient(anonymous!.Token), id, body)).ShouldBeProblemAsync(403);
        await (await PutTagsAsync(_client, id, body)).ShouldBeProblemAsync(401);
    }

    [Fact]
    public async Task Tagging_an_unknown_song_is_404()
    {
        await (await PutTagsAsync(await AdminAsync(), 999999, new[] { new { name = "X", score = 0.5 } })).ShouldBeProblemAsync(404);
    }

    public static TheoryData<string> BadBodies => new()
    {
        """[{"name":"Chill","score":0.5},{"name":"CHILL","score":0.6}]""",
        """[{"name":"Chill","score":1.5}]""",
        """[{"name":"Chill","score":-0.1}]""",
        """[{"name":"Chill"}]""",
        """[{"score":0.5}]""",
        """[{"name":"   ","score":0.5}]""",
        $$"""[{"name":"{{new string('x', 51)}}","score":0.5}]""",
        """[{"name":"Chill","score":"high"}]""",
        """{"name":"Chill","score":0.5}""",
        """not json""",
    };

    [Theory]
    [MemberData(nameof(BadBodies))]
    public async Task Invalid_bodies_are_400(string body)
    {
        var id = await app.AddSongAsync("Strict", [await app.AddArtistAsync("E")]);
        using var content = new StringContent(body, System.Text.Encoding.UTF8, "application/json");

        var response = await (await AdminAsync()).PutAsync($"/songs/{id}/tags", content);

        await response.ShouldBeProblemAsync(400);
    }
}
