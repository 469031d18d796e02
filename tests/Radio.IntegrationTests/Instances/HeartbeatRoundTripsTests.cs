using System.Globalization;
using Mediator;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Radio.Application.Listening;
using Radio.Domain.Listening;
using Radio.Infrastructure.Instances;
using Radio.IntegrationTests.Infrastructure;
using Radio.TestData.Engines;
using StackExchange.Redis;
using StackExchange.Redis.Profiling;

namespace Radio.IntegrationTests.Instances;

/// <summary>
/// Issue 12: with several instances a heartbeat is one Redis round trip when the instance took the listener's
/// heartbeat before (the permit, the session's write conditioned on the session it stored, all its credit), two when
/// another instance did (the first answers the session stored instead of writing); counted with StackExchange.Redis'
/// profiling on a private Redis. And a leaderboard reads the unstored credit of all its accounts in one.
/// </summary>
public sealed class HeartbeatRoundTripsTests : IDisposable
{
    private const int Beats = 8;
    private static readonly AsyncLocal<ProfilingSession?> Profiled = new();
    private readonly RedisServer _redis = new();
    private readonly FakeTimeProvider _clock = new(TimeProvider.System.GetUtcNow()); // tokens are checked against the machine clock
    private readonly InstanceApp.Deployment _deployment;
    private readonly InstanceApp _app;

    public HeartbeatRoundTripsTests()
    {
        _deployment = InstanceApp.Deployment.New(_redis);
        // no flush during the heartbeats: only their own commands are profiled, but a flush would empty what they wrote
        _app = new InstanceApp(_deployment, _clock, InstanceApp.FlushedByTheTest);
        _app.Services.GetRequiredService<IConnectionMultiplexer>().RegisterProfiler(() => Profiled.Value);
    }

    [Fact]
    public async Task A_signed_in_listeners_heartbeat_with_a_song_on_the_air_takes_one_round_trip()
    {
        await SeveralInstancesListensTests.OnAirSongAsync(_app, _clock, 600);
        var auth = await _app.CreateClient().RegisterAsync();
        var listener = ListenerId.ForUser(auth.User.Id);

        var roundTrips = await HeartbeatsAsync(listener);

        roundTrips.Should().AllBeEquivalentTo(1);
        var db = _app.Services.GetRequiredService<IConnectionMultiplexer>().GetDatabase();
        (await db.HashGetAsync(RedisKeys.Unstored, auth.User.Id)).Should().Be(Beats * 15, "the totals are credited in those trips");
        (await db.HashLengthAsync(RedisKeys.PlayCredits(listener))).Should().BePositive("and the play on the air too");
    }

    [Fact]
    public async Task An_anonymous_listeners_heartbeat_takes_one_round_trip()
    {
        var listener = ListenerId.ForAnonymous(Guid.NewGuid());

        var roundTrips = await HeartbeatsAsync(listener);

        roundTrips.Should().AllBeEquivalentTo(1);
        var db = _app.Services.GetRequiredService<IConnectionMultiplexer>().GetDatabase();
        (await db.StringGetAsync(RedisKeys.AnonymousTotal(listener))).Should().Be(Beats * 15);
    }

    [Fact]
    public async Task Heartbeats_alternating_with_another_instance_take_two_round_trips_and_are_credited_once()
    {
        using var other = new InstanceApp(_deployment, _clock, InstanceApp.FlushedByTheTest);
        other.Services.GetRequiredService<IConnectionMultiplexer>().RegisterProfiler(() => Profiled.Value);
        var listener = ListenerId.ForAnonymous(Guid.NewGuid());

        // the other instance takes every other heartbeat: what each stored is then one heartbeat old
        var roundTrips = await HeartbeatsAsync(listener, beat => beat % 2 == 1 ? other : _app);

        roundTrips.Should().AllBeEquivalentTo(2, "the first answers the session the other instance stored, the second writes");
        var db = _app.Services.GetRequiredService<IConnectionMultiplexer>().GetDatabase();
        (await db.StringGetAsync(RedisKeys.AnonymousTotal(listener))).Should().Be(Beats * 15, "each second credited once");
    }

    [Fact]
    public async Task Heartbeats_go_on_when_Redis_has_forgotten_their_scripts_and_take_one_round_trip_again_after_one()
    {
        var listener = ListenerId.ForAnonymous(Guid.NewGuid());
        await HeartbeatsAsync(listener);

        // what a Redis restart does to its script cache; the instance runs its scripts by SHA1 by now
        Engines.Run("redis-cli", "-p", _redis.Port.ToString(CultureInfo.InvariantCulture), "script", "flush");
        var roundTrips = await HeartbeatsAsync(listener);

        roundTrips.Skip(1).Should().AllBeEquivalentTo(1, "the scripts are loaded again by the first");
        var db = _app.Services.GetRequiredService<IConnectionMultiplexer>().GetDatabase();
        (await db.StringGetAsync(RedisKeys.AnonymousTotal(listener))).Should().Be(2 * Beats * 15, "no heartbeat failed");
    }

    [Fact]
    public async Task The_leaderboard_shows_every_accounts_unstored_credit_read_in_one_round_trip()
    {
        var listeners = new List<ListenerId>();
        for (var i = 0; i < 5; i++)
        {
            listeners.Add(ListenerId.ForUser((await _app.CreateClient().RegisterAsync()).User.Id));
        }

        // 15 s each stored (the board lists accounts by their stored total), then 15 s more each not yet stored
        var connect = _clock.GetUtcNow();
        foreach (var listener in listeners)
        {
            await SendAsync(_app, listener, connect, 0);
        }

        foreach (var played in new[] { 15, 30 })
        {
            _clock.Advance(TimeSpan.FromSeconds(15));
            foreach (var listener in listeners)
            {
                await SendAsync(_app, listener, connect, played);
            }

            if (played == 15)
            {
                (await _app.Services.GetRequiredService<RedisTotalsFlush>().TryFlushAsync(everything: true, CancellationToken.None)).Should().BeTrue();
            }
        }

        IReadOnlyList<LeaderboardEntry> board = [];
        var commands = await ProfileAsync(async () =>
        {
            await using var scope = _app.Services.CreateAsyncScope();
            board = await scope.ServiceProvider.GetRequiredService<ISender>().Send(new GetLeaderboard());
        });

        commands.Select(c => c.Command).Should().Equal("HMGET");
        RoundTrips(commands).Should().Be(1);
        board.Where(e => listeners.Contains(ListenerId.ForUser(e.User.Id))).Should().HaveCount(5)
            .And.AllSatisfy(e => e.User.TotalListenTime.Should().Be(30, "15 s stored and 15 s not yet"));
    }

    public void Dispose()
    {
        _app.Dispose();
        _redis.Dispose();
    }

    /// <summary>
    /// A first heartbeat (it may read the stored total from the database), then <see cref="Beats"/> more of 15 s each,
    /// one at a time, each to the instance <paramref name="instanceFor"/> names (this test's by default); the round
    /// trips of each of those.
    /// </summary>
    private async Task<List<int>> HeartbeatsAsync(ListenerId listener, Func<int, InstanceApp>? instanceFor = null)
    {
        instanceFor ??= _ => _app;
        var connect = _clock.GetUtcNow();
        await SendAsync(instanceFor(0), listener, connect, 0);
        var roundTrips = new List<int>();
        for (var beat = 1; beat <= Beats; beat++)
        {
            _clock.Advance(TimeSpan.FromSeconds(15));
            var app = instanceFor(beat);
            roundTrips.Add(RoundTrips(await ProfileAsync(() => SendAsync(app, listener, connect, 15 * beat))));
        }

        return roundTrips;
    }

    /// <summary>The Redis commands <paramref name="run"/> sends.</summary>
    private static async Task<List<IProfiledCommand>> ProfileAsync(Func<Task> run)
    {
        var session = new ProfilingSession();
        Profiled.Value = session;
        await run();
        Profiled.Value = null;
        return [.. session.FinishProfiling()];
    }

    private static async Task SendAsync(InstanceApp app, ListenerId listener, DateTimeOffset connect, double played)
    {
        await using var scope = app.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<ISender>().Send(
            new RecordHeartbeat(listener, "listener", connect, played, PermitsPerMinute: 1000));
    }

    private static int RoundTrips(IEnumerable<IProfiledCommand> commands)
    {
        var trips = 0;
        var answeredAt = DateTime.MinValue;
        foreach (var command in commands.OrderBy(c => c.CommandCreated))
        {
            if (command.CommandCreated >= answeredAt)
            {
                trips++; // a pipelined command is sent before the one ahead of it is answered, in the same trip
            }

            answeredAt = new[] { answeredAt, command.CommandCreated + command.ElapsedTime }.Max();
        }

        return trips;
    }
}
