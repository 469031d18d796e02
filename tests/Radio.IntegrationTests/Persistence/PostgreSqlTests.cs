using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Radio.Infrastructure.Persistence;
using Radio.IntegrationTests.Infrastructure;
using Radio.IntegrationTests.Library;
using Radio.IntegrationTests.Listening;
using Radio.IntegrationTests.Station;
using Radio.TestData.Engines;
using Radio.Web.Library;

namespace Radio.IntegrationTests.Persistence;

/// <summary>
/// A server on the private PostgreSQL server of <see cref="PostgresServer"/>. Servers made with the same connection
/// string and signing key are instances of one deployment sharing its database.
/// </summary>
public sealed class PostgresRadioApp : RadioApp
{
    public const string SharedSigningKey = "a signing key every test instance shares, 32+ bytes";

    public PostgresRadioApp() => Database = TestDatabase.PostgreSql;

    /// <summary>Another instance of the same deployment: same database, same signing key, its own data directory.</summary>
    public PostgresRadioApp AnotherInstance() => new() { PostgreSqlDatabase = PostgreSqlDatabase };

    protected override IReadOnlyDictionary<string, string> Settings => new Dictionary<string, string>
    {
        ["Radio:Tokens:SigningKey"] = SharedSigningKey,
    };
}

/// <summary>The behaviours that depend on the database engine, on a real PostgreSQL 15.</summary>
public sealed class PostgreSqlTests(PostgresRadioApp app) : IClassFixture<PostgresRadioApp>
{
    private sealed record NowPlaying(NowPlayingSong? Song, DateTimeOffset? StartedAt);

    private sealed record NowPlayingSong(int Id);

    [Fact]
    public async Task The_migrations_build_the_schema_and_the_configured_admin_signs_in()
    {
        var admin = await app.AdminAsync();

        var me = await admin.GetFromJsonAsync<Radio.Web.Accounts.UserResponse>("/users/me", Api.Json);

        me!.Role.Should().Be("admin");
    }

    [Fact]
    public async Task Usernames_are_unique_ignoring_case()
    {
        var name = Api.UniqueName("Case");
        await app.CreateClient().RegisterAsync(name);

        var again = await app.CreateClient().PostAsJsonAsync(
            "/auth/register", new { username = name.ToUpperInvariant(), password = "password123" }, Api.Json);

        await again.ShouldBeProblemAsync(409);
    }

    [Fact]
    public async Task Tags_are_one_tag_ignoring_case_and_songs_are_found_by_search()
    {
        var (artist, _) = await app.NewArtistAsync();
        var title = "Postgres " + Guid.NewGuid().ToString("N")[..8];
        var first = await artist.UploadSongAsync(title);
        var second = await artist.UploadSongAsync(title + " two");
        var tag = "Mood" + Guid.NewGuid().ToString("N")[..8];

        (await artist.PutAsJsonAsync($"/songs/{first.Id}/tags", new[] { new { name = tag, score = 0.5 } }, Api.Json)).EnsureSuccessStatusCode();
        (await artist.PutAsJsonAsync($"/songs/{second.Id}/tags", new[] { new { name = tag.ToUpperInvariant(), score = 0.9 } }, Api.Json)).EnsureSuccessStatusCode();

        var tags = await app.CreateClient().GetFromJsonAsync<List<TagResponse>>("/tags", Api.Json);
        tags!.Where(t => string.Equals(t.Name, tag, StringComparison.OrdinalIgnoreCase)).Should().ContainSingle()
            .Which.SongCount.Should().Be(2);
        var found = await app.CreateClient().GetFromJsonAsync<List<SongResponse>>($"/songs?q={Uri.EscapeDataString(title.ToUpperInvariant())}", Api.Json);
        found!.Select(s => s.Id).Should().Equal(first.Id, second.Id);
    }

    [Fact]
    public async Task A_schedule_entry_another_instance_wrote_first_is_a_lost_race_not_an_error()
    {
        var songId = await app.AddSongAsync("Race", 5);

        var lost = await app.AppendATakenScheduleEntryAsync(songId);

        lost.Should().BeFalse();
    }

    [Fact]
    public async Task Two_instances_on_one_database_play_the_same_programme_and_lose_no_increment()
    {
        await app.AddSongAsync("Shared A", 30);
        await app.AddSongAsync("Shared B", 30);
        var listener = await app.CreateClient().RegisterAsync();
        using var other = app.AnotherInstance();

        var here = await app.CreateClient().GetFromJsonAsync<NowPlaying>("/radio/now-playing", Api.Json);
        var there = await other.CreateClient().GetFromJsonAsync<NowPlaying>("/radio/now-playing", Api.Json);
        there!.Song!.Id.Should().Be(here!.Song!.Id);
        there.StartedAt.Should().Be(here.StartedAt);

        var connect = DateTimeOffset.UnixEpoch.AddYears(56);
        await app.CreateClient(listener.Token).HeartbeatAsync(connect, 20);
        await other.CreateClient(listener.Token).HeartbeatAsync(connect.AddSeconds(1), 25);
        await Task.WhenAll(
            app.Services.GetRequiredService<ListenerTotals>().FlushAsync(everything: true, CancellationToken.None),
            other.Services.GetRequiredService<ListenerTotals>().FlushAsync(everything: true, CancellationToken.None));

        await using var scope = app.Services.CreateAsyncScope();
        var stored = await scope.ServiceProvider.GetRequiredService<RadioDbContext>().Users
            .Where(u => u.Id == listener.User.Id).Select(u => u.TotalListenTime).SingleAsync();
        stored.Should().Be(45, "each instance added its own credit with an atomic increment");
        (await other.CreateClient().GetReadyAsync()).StatusCode.Should().Be(HttpStatusCode.OK);
    }
}
