using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Radio.Domain.Favorites;
using Radio.Domain.Station;
using Radio.Infrastructure.Persistence;
using Radio.IntegrationTests.Infrastructure;
using Radio.IntegrationTests.Listens;
using Radio.Web.Accounts;

namespace Radio.IntegrationTests.Statistics;

/// <summary>
/// <see cref="HundredSecondSongApp"/>'s station (one 100 s song on the air, play after play) whose first artist has an
/// account and a second song that is not on the air; a song of another artist stays out of its statistics.
/// </summary>
public class ArtistStatsApp() : ListensApp(100, withAlbum: false), IAsyncLifetime
{
    public int ArtistId { get; private set; }

    public int QuietSongId { get; private set; }

    public int OtherArtistsSongId { get; private set; }

    /// <summary>The artist's own account.</summary>
    public HttpClient Artist { get; private set; } = null!;

    public new async Task InitializeAsync()
    {
        await base.InitializeAsync();
        var auth = await CreateClient().RegisterAsync(artistName: Api.UniqueName("Own"));
        await using (var scope = Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<RadioDbContext>();
            ArtistId = await db.Artists.Where(a => a.Name == Artists[0]).Select(a => a.Id).SingleAsync();
            // the account speaks for the on-air song's first artist instead of the one it registered with
            var user = await db.Users.SingleAsync(u => u.Id == auth.User.Id);
            db.Entry(user).Property(u => u.ArtistId).CurrentValue = ArtistId;
            await db.SaveChangesAsync();
        }

        Artist = CreateClient(auth.Token);
        QuietSongId = await this.AddSongAsync(Api.UniqueName("Quiet"), [ArtistId]);
        OtherArtistsSongId = await this.AddSongAsync(Api.UniqueName("Other"), [await this.AddArtistAsync(Api.UniqueName("Other"))]);
    }

    public async Task<HttpClient> AdminAsync() =>
        CreateClient((await CreateClient().LoginAsync(AdminUsername, AdminPassword)).Token);

    public async Task<HttpClient> AnonymousAsync()
    {
        var response = await CreateClient().PostAsync(new Uri("/auth/anonymous", UriKind.Relative), null);
        response.EnsureSuccessStatusCode();
        return CreateClient((await response.Content.ReadFromJsonAsync<AnonymousResponse>(Api.Json))!.Token);
    }

    /// <summary>Stores a request as <see cref="SongRequest"/> rows are kept after it played (or was withdrawn).</summary>
    public async Task AddRequestAsync(int songId, int userId, DateTimeOffset at, bool withdrawn = false)
    {
        await using var scope = Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<RadioDbContext>();
        var request = SongRequest.Create(songId, userId, at);
        if (withdrawn)
        {
            request.Withdraw(at);
        }

        db.Add(request);
        await db.SaveChangesAsync();
    }

    /// <summary>Stores a favourite added at <paramref name="at"/> (the API adds them now only).</summary>
    public async Task AddFavoriteAsync(int songId, int userId, DateTimeOffset at)
    {
        await using var scope = Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<RadioDbContext>();
        db.Add(Favorite.Create(userId, songId, at));
        await db.SaveChangesAsync();
    }

    /// <summary>A new signed-in listener that is neither the artist's nor an admin.</summary>
    public async Task<(HttpClient Client, int UserId)> OutsiderAsync()
    {
        var auth = await CreateClient().RegisterAsync();
        return (CreateClient(auth.Token), auth.User.Id);
    }
}

public sealed class PostgresArtistStatsApp : ArtistStatsApp
{
    public PostgresArtistStatsApp() => Database = TestDatabase.PostgreSql;
}

public static class ArtistStatsApi
{
    public static Task<HttpResponseMessage> ArtistStatsResponseAsync(this HttpClient client, int artistId, string query = "") =>
        client.GetAsync(new Uri($"/artists/{artistId}/stats{query}", UriKind.Relative));

    /// <summary>The answer's songs by id, each with its counts; asserts a 200 JSON array of Song objects.</summary>
    public static async Task<List<(int SongId, long Seconds, long Listens, long Requests, long Favorites)>> ArtistStatsAsync(
        this HttpClient client, int artistId, string query = "")
    {
        var response = await client.ArtistStatsResponseAsync(artistId, query);
        response.StatusCode.Should().Be(System.Net.HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        response.Content.Headers.ContentType!.MediaType.Should().Be("application/json");
        var rows = new List<(int, long, long, long, long)>();
        foreach (var row in (await response.ReadAsync<JsonElement>()).EnumerateArray())
        {
            var song = row.GetProperty("song");
            song.ShouldBeSongObject(withAlbum: false);
            rows.Add((song.GetProperty("id").GetInt32(), row.GetProperty("listening_seconds").GetInt64(),
                row.GetProperty("listens").GetInt64(), row.GetProperty("requests").GetInt64(), row.GetProperty("favorites").GetInt64()));
        }

        return rows;
    }

    /// <summary><c>?from=&amp;to=</c> for [<paramref name="from"/>, <paramref name="to"/>).</summary>
    public static string Range(DateTimeOffset from, DateTimeOffset to) =>
        $"?from={StatsApi.Stamp(from.UtcDateTime)}&to={StatsApi.Stamp(to.UtcDateTime)}";
}
