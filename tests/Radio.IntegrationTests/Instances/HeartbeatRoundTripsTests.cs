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
/// Issue 12: with several instances a heartbeat is at most two Redis round trips (the permit with the session's
/// read, then the session's write with all its credit), counted with StackExchange.Redis' profiling on a private Redis.
/// </summary>
public sealed class HeartbeatRoundTripsTests : IDisposable
{
    private const int Beats = 8;
    private static readonly AsyncLocal<ProfilingSession?> Profiled = new();
    private readonly RedisServer _redis = new();
    private readonly FakeTimeProvider _clock = new(TimeProvider.System.GetUtcNow()); // tokens are checked against the machine clock
    private readonly InstanceApp _app;

    public HeartbeatRoundTripsTests()
    {
        // no flush during the heartbeats: only their own commands are profiled, but a flush would empty what they wrote
        _app = new InstanceApp(InstanceApp.Deployment.New(_redis), _clock, new Dictionary<string, string>
        {
            ["Radio:Listening:FlushIntervalSeconds"] = "86400",
        });
        _app.Services.GetRequiredService<IConnectionMultiplexer>().RegisterProfiler(() => Profiled.Value);
    }

    [Fact]
    public async Task A_signed_in_listeners_heartbeat_with_a_song_on_the_air_takes_at_most_two_round_trips()
    {
        await SeveralInstancesListensTests.OnAirSongAsync(_app, _clock, 600);
        var auth = await _app.CreateClient().RegisterAsync();
        var listener = ListenerId.ForUser(auth.User.Id);

        var roundTrips = await HeartbeatsAsync(listener);

        roundTrips.Should().AllSatisfy(r => r.Should().BeLessThanOrEqualTo(2));
        var db = _app.Services.GetRequiredService<IConnectionMultiplexer>().GetDatabase();
        (await db.HashGetAsync(RedisKeys.Unstored, auth.User.Id)).Should().Be(Beats * 15, "the totals are credited in those trips");
        (await db.HashLengthAsync(RedisKeys.PlayCredits(listener))).Should().BePositive("and the play on the air too");
    }

    [Fact]
    public async Task An_anonymous_listeners_heartbeat_takes_at_most_two_round_trips()
    {
        var listener = ListenerId.ForAnonymous(Guid.NewGuid());

        var roundTrips = await HeartbeatsAsync(listener);

        roundTrips.Should().AllSatisfy(r => r.Should().BeLessThanOrEqualTo(2));
        var db = _app.Services.GetRequiredService<IConnectionMultiplexer>().GetDatabase();
        (await db.StringGetAsync(RedisKeys.AnonymousTotal(listener))).Should().Be(Beats * 15);
    }

    [Fact]
    public async Task Heartbeats_go_on_when_Redis_has_forgotten_their_scripts_and_take_two_round_trips_again_after_one()
    {
        var listener = ListenerId.ForAnonymous(Guid.NewGuid());
        await HeartbeatsAsync(listener);

        // what a Redis restart does to its script cache; the instance runs its scripts by SHA1 by now
        Engines.Run("redis-cli", "-p", _redis.Port.ToString(CultureInfo.InvariantCulture), "script", "flush");
        var roundTrips = await HeartbeatsAsync(listener);

        roundTrips.Skip(1).Should().AllSatisfy(r => r.Should().BeLessThanOrEqualTo(2), "the scripts are loaded again by the first");
        var db = _app.Services.GetRequiredService<IConnectionMultiplexer>().GetDatabase();
        (await db.StringGetAsync(RedisKeys.AnonymousTotal(listener))).Should().Be(2 * Beats * 15, "no heartbeat failed");
    }

    public void Dispose()
    {
        _app.Dispose();
        _redis.Dispose();
    }

    /// <summary>
    /// A first heartbeat (it may read the stored total from the database), then <see cref="Beats"/> more of 15 s each,
    /// one at a time; the round trips of each of those: commands sent after every earlier one was answered.
    /// </summary>
    private async Task<List<int>> HeartbeatsAsync(ListenerId listener)
    {
        var connect = _clock.GetUtcNow();
        await SendAsync(listener, connect, 0);
        var roundTrips = new List<int>();
        for (var beat = 1; beat <= Beats; beat++)
        {
            _clock.Advance(TimeSpan.FromSeconds(15));
            var session = new ProfilingSession();
            Profiled.Value = session;
            await SendAsync(listener, connect, 15 * beat);
            Profiled.Value = null;
            roundTrips.Add(RoundTrips(session.FinishProfiling()));
        }

        return roundTrips;
    }

    private async Task SendAsync(ListenerId listener, DateTimeOffset connect, double played)
    {
        await using var scope = _app.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<ISender>().Send(
            new RecordHeartbeat(listener, "listener", connect, played, PermitsPerMinute: 1000));
    }

    private static int RoundTrips(ProfiledCommandEnumerable commands)
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
