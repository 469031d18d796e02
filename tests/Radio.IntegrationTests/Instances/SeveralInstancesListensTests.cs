using System.Net.Http.Json;
using Mediator;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Radio.Application.Station;
using Radio.Domain.Library;
using Radio.Infrastructure.Instances;
using Radio.Infrastructure.Persistence;
using Radio.IntegrationTests.Infrastructure;
using Radio.IntegrationTests.Listening;
using Radio.IntegrationTests.Listens;
using Radio.TestData.Engines;
using Radio.Web.Accounts;
using Radio.Web.Listening;

namespace Radio.IntegrationTests.Instances;

/// <summary>
/// Listens and period credit with several instances: a listener's per-play credit lives in Redis, so heartbeats taken
/// by either instance add to the same play, and a decided listen is claimed and stored by one flush only.
/// </summary>
public sealed class SeveralInstancesListensTests : IDisposable
{
    private readonly RedisServer _redis = new();
    private readonly FakeTimeProvider _clock = new(TimeProvider.System.GetUtcNow()); // tokens are checked against the machine clock
    private readonly InstanceApp _first;
    private readonly InstanceApp _second;

    public SeveralInstancesListensTests()
    {
        var deployment = InstanceApp.Deployment.New(_redis);
        // flushed by the tests only: a flush the fake clock's advance sets off would race the test's own (and under
        // load write the play seconds before the test takes their table away)
        _first = new InstanceApp(deployment, _clock, InstanceApp.FlushedByTheTest);
        _second = new InstanceApp(deployment, _clock, InstanceApp.FlushedByTheTest);
    }

    [Fact]
    public async Task Heartbeats_alternating_between_instances_add_to_one_plays_credit_and_its_listen_is_stored_once()
    {
        var (songId, playStart) = await OnAirSongAsync(100);
        var (auth, instances) = await SignedInOnBothAsync();
        var connect = _clock.GetUtcNow();
        for (var beat = 0; beat <= 3; beat++)
        {
            await instances[beat % 2].HeartbeatAsync(connect, 15 * beat); // 45 s: under the 50 s of a 100 s song
            _clock.Advance(TimeSpan.FromSeconds(15));
        }

        await Task.WhenAll(FlushAsync(_first), FlushAsync(_second));
        (await instances[1].GetFromJsonAsync<List<ListenView>>("/users/me/listens", Api.Json)).Should().BeEmpty();

        await instances[0].HeartbeatAsync(connect, 60); // 15 s more (the clock moved 15 s after the last beat): 60 s
        await Task.WhenAll(FlushAsync(_first), FlushAsync(_second));
        await Task.WhenAll(FlushAsync(_first), FlushAsync(_second));

        var listens = (await instances[1].GetFromJsonAsync<List<ListenView>>("/users/me/listens", Api.Json))!;
        var listen = listens.Should().ContainSingle().Subject;
        listen.Song.Id.Should().Be(songId);
        listen.CreditedSeconds.Should().Be(60);
        listen.ListenedAt.Should().BeCloseTo(playStart, TimeSpan.FromMilliseconds(0.001), "the play's start, as PostgreSQL stores it");
        var day = (await instances[0].GetFromJsonAsync<List<LeaderboardEntryResponse>>("/users/leaderboard?period=day", Api.Json))!;
        day.Should().ContainSingle(e => e.Id == auth.User.Id).Which.PeriodSeconds.Should().Be(60, "the day's credit is stored by the same flush");
    }

    [Fact]
    public async Task Credit_reaching_exactly_half_in_small_shares_is_one_listen_that_later_credit_leaves_as_decided()
    {
        var (songId, _) = await OnAirSongAsync(100);
        var (auth, instances) = await SignedInOnBothAsync();
        var connect = _clock.GetUtcNow();
        // 5 s a beat: the tenth takes the play to exactly its 50 s threshold, the ones after it go past
        for (var beat = 0; beat <= 14; beat++)
        {
            await instances[beat % 2].HeartbeatAsync(connect, 5 * beat);
            _clock.Advance(TimeSpan.FromSeconds(5));
            if (beat == 10)
            {
                await Task.WhenAll(FlushAsync(_first), FlushAsync(_second));
            }
        }

        await Task.WhenAll(FlushAsync(_first), FlushAsync(_second));

        var listen = (await instances[1].GetFromJsonAsync<List<ListenView>>("/users/me/listens", Api.Json))!
            .Should().ContainSingle().Subject;
        // the play's end, written with its first share only, is what lets a flush drop a fraction once no beat can reach it
        var play = await PlayAsync(songId);
        var redis = _first.Services.GetRequiredService<StackExchange.Redis.IConnectionMultiplexer>().GetDatabase();
        var end = RedisKeys.Milliseconds(play.EndsAt);
        ((long)await redis.HashGetAsync(RedisKeys.UnstoredPlays, $"e:{play.Sequence}")).Should().Be(end);
        ((long)await redis.HashGetAsync(RedisKeys.PlayCredits(Radio.Domain.Listening.ListenerId.ForUser(auth.User.Id)), $"e:{play.Sequence}"))
            .Should().Be(end);
        listen.Song.Id.Should().Be(songId);
        listen.CreditedSeconds.Should().Be(50, "decided by the share that reached the threshold; the later shares decide nothing");
        (await ListenedSecondsAsync(songId)).Should().Be(70, "every share counts for the play's seconds");
    }

    [Fact]
    public async Task Heartbeats_of_an_anonymous_and_a_signed_in_listener_on_both_instances_are_summed_once_per_play()
    {
        var (songId, _) = await OnAirSongAsync(100);
        var auth = await _first.CreateClient().RegisterAsync();
        var anonymousResponse = await _second.CreateClient().PostAsync(new Uri("/auth/anonymous", UriKind.Relative), null);
        anonymousResponse.EnsureSuccessStatusCode();
        var anonymousToken = (await anonymousResponse.Content.ReadFromJsonAsync<Radio.Web.Accounts.AnonymousResponse>(Api.Json))!.Token;
        HttpClient[] user = [_first.CreateClient(auth.Token), _second.CreateClient(auth.Token)];
        HttpClient[] anonymous = [_second.CreateClient(anonymousToken), _first.CreateClient(anonymousToken)];
        var connect = _clock.GetUtcNow();
        for (var beat = 0; beat <= 2; beat++)
        {
            await user[beat % 2].HeartbeatAsync(connect, 15 * beat);
            await anonymous[beat % 2].HeartbeatAsync(connect, 15 * beat);
            _clock.Advance(TimeSpan.FromSeconds(15));
        }

        await Task.WhenAll(FlushAsync(_first), FlushAsync(_second));
        await Task.WhenAll(FlushAsync(_first), FlushAsync(_second));

        (await ListenedSecondsAsync(songId)).Should().Be(60, "30 s from each listener, whichever instance took the beats");
    }

    [Fact]
    public async Task Play_seconds_a_failed_database_write_left_claimed_are_written_by_the_next_flush_once()
    {
        var (songId, _) = await OnAirSongAsync(100);
        var anonymousResponse = await _first.CreateClient().PostAsync(new Uri("/auth/anonymous", UriKind.Relative), null);
        var listener = _first.CreateClient((await anonymousResponse.Content.ReadFromJsonAsync<Radio.Web.Accounts.AnonymousResponse>(Api.Json))!.Token);
        var connect = _clock.GetUtcNow();
        await listener.HeartbeatAsync(connect, 0);
        _clock.Advance(TimeSpan.FromSeconds(20));
        await listener.HeartbeatAsync(connect, 20);
        var flush = _first.Services.GetRequiredService<RedisTotalsFlush>();
        await ExecuteAsync("ALTER TABLE schedule_entries RENAME TO schedule_entries_away");

        var failed = await flush.TryFlushAsync(everything: true, CancellationToken.None);
        await ExecuteAsync("ALTER TABLE schedule_entries_away RENAME TO schedule_entries");
        await FlushAsync(_first);
        await Task.WhenAll(FlushAsync(_first), FlushAsync(_second));

        failed.Should().BeFalse("the table the plays' seconds go to is gone");
        (await ListenedSecondsAsync(songId)).Should().Be(20, "the claim was kept and written once");
    }

    public void Dispose()
    {
        _first.Dispose();
        _second.Dispose();
        _redis.Dispose();
    }

    private Task<(int SongId, DateTimeOffset Start)> OnAirSongAsync(double seconds) => OnAirSongAsync(_first, _clock, seconds);

    /// <summary>A one-song library and its programme from now on; the song's id and the play's start.</summary>
    internal static async Task<(int SongId, DateTimeOffset Start)> OnAirSongAsync(InstanceApp app, TimeProvider clock, double seconds)
    {
        var now = clock.GetUtcNow();
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<RadioDbContext>();
        var admin = await db.Users.SingleAsync(u => u.Username == RadioApp.AdminUsername);
        var artist = Artist.Create(Api.UniqueName("Artist"), now);
        db.Artists.Add(artist);
        await db.SaveChangesAsync();
        var song = Song.Create(Api.UniqueName("Song"), [artist.Id], null, seconds, $"fake-{Guid.NewGuid():N}.mp3", 1000, admin.Id, now);
        song.MarkStationReady(null, seconds);
        db.Songs.Add(song);
        await db.SaveChangesAsync();
        await scope.ServiceProvider.GetRequiredService<ISender>().Send(new KeepScheduleAhead());
        var start = await db.Set<Radio.Domain.Station.ScheduleEntry>().Where(e => e.SongId == song.Id).MinAsync(e => e.StartsAt);
        return (song.Id, start);
    }

    private async Task ExecuteAsync(string sql)
    {
        await using var scope = _first.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<RadioDbContext>().Database.ExecuteSqlRawAsync(sql);
    }

    /// <summary>A new account and a client of it on each instance, the first instance's first.</summary>
    private async Task<(AuthResponse Auth, HttpClient[] Instances)> SignedInOnBothAsync()
    {
        var auth = await _first.CreateClient().RegisterAsync();
        return (auth, [_first.CreateClient(auth.Token), _second.CreateClient(auth.Token)]);
    }

    /// <summary>The song's first play: the one the tests' listeners hear.</summary>
    private async Task<Radio.Domain.Station.ScheduleEntry> PlayAsync(int songId)
    {
        await using var scope = _first.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<RadioDbContext>().Set<Radio.Domain.Station.ScheduleEntry>()
            .Where(e => e.SongId == songId).OrderBy(e => e.StartsAt).FirstAsync();
    }

    private async Task<long> ListenedSecondsAsync(int songId)
    {
        await using var scope = _first.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<RadioDbContext>().Set<Radio.Domain.Station.ScheduleEntry>()
            .Where(e => e.SongId == songId).SumAsync(e => e.ListenedSeconds);
    }

    private static async Task FlushAsync(InstanceApp app) =>
        (await app.Services.GetRequiredService<RedisTotalsFlush>().TryFlushAsync(everything: true, CancellationToken.None))
            .Should().BeTrue();
}
