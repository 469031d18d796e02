using System.Net;
using Radio.IntegrationTests.Infrastructure;
using Radio.IntegrationTests.Library;
using Radio.IntegrationTests.Listening;

namespace Radio.IntegrationTests.Statistics;

/// <summary><c>GET /artists/{id}/stats</c> over real HTTP, on a station whose clock the tests move.</summary>
public abstract class ArtistStatsTests(ArtistStatsApp app)
{
    public sealed class OnSqlite(ArtistStatsApp app) : ArtistStatsTests(app), IClassFixture<ArtistStatsApp>;

    public sealed class OnPostgreSql(PostgresArtistStatsApp app) : ArtistStatsTests(app), IClassFixture<PostgresArtistStatsApp>;

    [Fact]
    public async Task A_play_heard_by_a_signed_in_and_an_anonymous_listener_counts_both_and_the_songs_listens_requests_and_favorites()
    {
        var play = await app.NextPlayAsync();
        var listener = await app.NewListenerAsync();
        var anonymous = await app.AnonymousAsync();
        await listener.ConnectAsync();
        await anonymous.HeartbeatAsync(play, 0);
        await listener.PlayAsync(25);
        await anonymous.HeartbeatAsync(play, 25);
        await listener.PlayAsync(25);
        await anonymous.HeartbeatAsync(play, 50);
        (await listener.Client.PutAsync(new Uri($"/users/me/favorites/{app.SongId}", UriKind.Relative), null)).EnsureSuccessStatusCode();
        await app.AddRequestAsync(app.SongId, listener.UserId, play.AddSeconds(10));
        await app.AddRequestAsync(app.SongId, listener.UserId, play.AddSeconds(20), withdrawn: true);
        await app.FlushEverythingAsync();

        var stats = await app.Artist.ArtistStatsAsync(app.ArtistId, ArtistStatsApi.Range(play, play.AddSeconds(100)));

        stats.Should().Equal(
            [(app.SongId, 100L, 1L, 1L, 1L), (app.QuietSongId, 0L, 0L, 0L, 0L)],
            "50 s from each listener, the signed-in one's listen, the request not withdrawn and the new favourite; the " +
            "artist's song that never played is listed with zeros after it, the other artist's song not at all");
    }

    [Fact]
    public async Task Plays_listens_requests_and_favorites_outside_the_range_are_not_counted()
    {
        await app.NextPlayAsync(); // a play nobody hears, before the one the test listens to
        var play = await app.NextPlayAsync();
        var listener = await app.NewListenerAsync();
        await listener.ConnectAsync();
        await listener.PlayAsync(30);
        await listener.PlayAsync(30);
        await app.AddRequestAsync(app.SongId, listener.UserId, play.AddSeconds(-1));
        await app.AddFavoriteAsync(app.SongId, listener.UserId, play.AddSeconds(99));
        await app.FlushEverythingAsync();

        var before = await app.Artist.ArtistStatsAsync(app.ArtistId, ArtistStatsApi.Range(play.AddSeconds(-100), play));
        var after = await app.Artist.ArtistStatsAsync(app.ArtistId, ArtistStatsApi.Range(play.AddSeconds(1), play.AddSeconds(100)));
        var during = await app.Artist.ArtistStatsAsync(app.ArtistId, ArtistStatsApi.Range(play, play.AddSeconds(1)));

        before.Single(s => s.SongId == app.SongId).Should().Be((app.SongId, 0L, 0L, 1L, 0L), "the play started at the range's end");
        after.Single(s => s.SongId == app.SongId).Should().Be((app.SongId, 0L, 0L, 0L, 1L), "the play started before the range");
        during.Single(s => s.SongId == app.SongId).Should().Be(
            (app.SongId, 60L, 1L, 0L, 0L), "a play counts whole where it started; to is exclusive");
    }

    [Fact]
    public async Task Without_a_range_the_last_7_days_up_to_now_are_counted()
    {
        var now = app.Clock.GetUtcNow();
        var (_, userId) = await app.OutsiderAsync();
        await app.AddRequestAsync(app.QuietSongId, userId, now.AddDays(-7).AddSeconds(1));
        await app.AddRequestAsync(app.QuietSongId, userId, now.AddDays(-7).AddSeconds(-1));
        await app.AddRequestAsync(app.QuietSongId, userId, now.AddDays(1));

        var stats = await app.Artist.ArtistStatsAsync(app.ArtistId);

        stats.Single(s => s.SongId == app.QuietSongId).Requests.Should().Be(1, "from 7 days ago until now");
    }

    [Fact]
    public async Task An_admin_sees_any_artists_statistics()
    {
        var stats = await (await app.AdminAsync()).ArtistStatsAsync(app.ArtistId);

        stats.Select(s => s.SongId).Should().Contain([app.SongId, app.QuietSongId]).And.NotContain(app.OtherArtistsSongId);
    }

    [Fact]
    public async Task Another_signed_in_account_is_forbidden_with_a_problem()
    {
        var (outsider, _) = await app.OutsiderAsync();
        var (otherArtist, _) = await app.NewArtistAsync();

        await (await outsider.ArtistStatsResponseAsync(app.ArtistId)).ShouldBeProblemAsync(403);
        await (await otherArtist.ArtistStatsResponseAsync(app.ArtistId)).ShouldBeProblemAsync(403);
    }

    [Fact]
    public async Task An_anonymous_listeners_token_is_forbidden_and_no_token_is_unauthorized()
    {
        var token = await (await app.AnonymousAsync()).ArtistStatsResponseAsync(app.ArtistId);
        var none = await app.CreateClient().ArtistStatsResponseAsync(app.ArtistId);

        token.StatusCode.Should().Be(HttpStatusCode.Forbidden);
        none.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task An_unknown_artist_is_a_404_problem()
    {
        var response = await (await app.AdminAsync()).ArtistStatsResponseAsync(987654);

        await response.ShouldBeProblemAsync(404);
    }

    [Theory]
    [InlineData(367, 0)]
    [InlineData(-1, 0)]
    [InlineData(0, -1)]
    public async Task A_range_over_366_days_or_from_after_to_is_a_400_problem_on_from(int daysBack, int toSecondsBack)
    {
        var now = app.Clock.GetUtcNow();

        var response = await app.Artist.ArtistStatsResponseAsync(
            app.ArtistId, ArtistStatsApi.Range(now.AddDays(-daysBack), now.AddSeconds(toSecondsBack)));

        (await response.ShouldBeProblemAsync(400)).Errors.Should().ContainKey("from");
    }

    [Theory]
    [InlineData("?to=0001-01-01T00:00:00Z", "to")]
    [InlineData("?from=9999-12-30T00:00:00Z&to=9999-12-31T23:59:59Z", "from")]
    public async Task A_moment_before_1970_or_from_9999_on_is_a_400_naming_it_as_for_the_station(string query, string field)
    {
        var response = await app.Artist.ArtistStatsResponseAsync(app.ArtistId, query);

        (await response.ShouldBeProblemAsync(400)).Errors.Should().ContainKey(field);
    }

    [Fact]
    public async Task A_range_of_366_days_is_answered()
    {
        var now = app.Clock.GetUtcNow();

        var stats = await app.Artist.ArtistStatsAsync(app.ArtistId, ArtistStatsApi.Range(now.AddDays(-366), now));

        stats.Should().HaveCount(2);
    }

    [Fact]
    public async Task The_openapi_document_lists_the_endpoint_with_its_answers()
    {
        using var document = System.Text.Json.JsonDocument.Parse(await app.CreateClient().GetStringAsync("/openapi/v1.json"));

        var get = document.RootElement.GetProperty("paths").GetProperty("/artists/{id}/stats").GetProperty("get");

        get.GetProperty("responses").EnumerateObject().Select(r => r.Name).Should().BeEquivalentTo(["200", "400", "401", "403", "404"]);
        get.GetProperty("summary").GetString().Should().Contain("favourites added in the range");
    }
}
