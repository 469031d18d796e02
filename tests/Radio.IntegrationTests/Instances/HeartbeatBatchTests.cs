using Mediator;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Radio.Application.Listening;
using Radio.Domain.Listening;
using Radio.Infrastructure.Instances;
using Radio.IntegrationTests.Infrastructure;
using Radio.TestData.Engines;
using StackExchange.Redis;

namespace Radio.IntegrationTests.Instances;

/// <summary>
/// Issue 12: the heartbeats an instance takes together go to Redis together, one script for many
/// (<see cref="HeartbeatWrites"/>), on a private Redis: each is still answered and credited as if alone, and one
/// whose write fails fails alone.
/// </summary>
public sealed class HeartbeatBatchTests : IDisposable
{
    private const int Listeners = 300;
    private readonly RedisServer _redis = new();
    private readonly FakeTimeProvider _clock = new(TimeProvider.System.GetUtcNow()); // tokens are checked against the machine clock
    private readonly InstanceApp _app;

    public HeartbeatBatchTests()
    {
        _app = new InstanceApp(InstanceApp.Deployment.New(_redis), _clock, InstanceApp.FlushedByTheTest);

        // started and connected before the heartbeats run at once: the factory's first Services builds the host
        _app.Services.GetRequiredService<IConnectionMultiplexer>().GetDatabase().Ping();
    }

    [Fact]
    public async Task Heartbeats_sent_together_share_round_trips_and_each_is_answered_and_credited_as_its_own()
    {
        // accounts among anonymous listeners, a song on the air: a batch mixes every kind of write
        await SeveralInstancesListensTests.OnAirSongAsync(_app, _clock, 600);
        var users = new List<int>();
        for (var i = 0; i < 10; i++)
        {
            users.Add((await _app.CreateClient().RegisterAsync()).User.Id);
        }

        var listeners = Enumerable.Range(0, Listeners)
            .Select(i => i % 30 == 0 ? ListenerId.ForUser(users[i / 30]) : ListenerId.ForAnonymous(Guid.NewGuid())).ToList();
        var connect = _clock.GetUtcNow();
        var before = await RedisCommandStats.ScriptCallsAsync(_redis);
        await Task.WhenAll(listeners.Select(l => Task.Run(() => SendAsync(l, connect, 0))));
        _clock.Advance(TimeSpan.FromSeconds(15));

        // each listener played a little less than the 15 s that passed, each its own amount
        var second = await Task.WhenAll(listeners.Select((l, i) => Task.Run(() => SendAsync(l, connect, Played(i)))));

        (await RedisCommandStats.ScriptCallsAsync(_redis) - before).Should().BeLessThan(2 * Listeners, "heartbeats that arrived together went in one script");
        second.Select(r => r.SessionSeconds).Should().Equal(listeners.Select((_, i) => (long)Played(i)), "each got its own session's answer");
        var db = _app.Services.GetRequiredService<IConnectionMultiplexer>().GetDatabase();
        for (var i = 0; i < Listeners; i++)
        {
            var credited = listeners[i].UserId is { } user
                ? await db.HashGetAsync(RedisKeys.Unstored, user)
                : await db.StringGetAsync(RedisKeys.AnonymousTotal(listeners[i]));
            ((double)credited).Should().Be(Played(i), "each second credited once");
        }

        (await db.HashLengthAsync(RedisKeys.PlayCredits(listeners[0]))).Should().BePositive("an account's play credit is written in its batch too");

        static int Played(int listener) => 10 + listener % 5;
    }

    [Fact]
    public async Task A_heartbeat_whose_write_fails_fails_alone_and_the_others_sent_with_it_are_written()
    {
        var listeners = Enumerable.Range(0, Listeners).Select(_ => ListenerId.ForAnonymous(Guid.NewGuid())).ToList();
        var broken = listeners[Listeners / 2];
        var db = _app.Services.GetRequiredService<IConnectionMultiplexer>().GetDatabase();
        await db.HashSetAsync(RedisKeys.AnonymousTotal(broken), "not", "a number"); // its total's INCRBYFLOAT fails
        var connect = _clock.GetUtcNow();
        var before = await RedisCommandStats.ScriptCallsAsync(_redis);

        var sent = listeners.Select(l => Task.Run(() => SendAsync(l, connect, 0))).ToList();
        var failed = await Task.WhenAll(sent.Select(async t =>
        {
            try
            {
                await t;
                return false;
            }
            catch (RedisServerException e) when (e.Message.Contains("WRONGTYPE", StringComparison.Ordinal))
            {
                return true;
            }
        }));

        (await RedisCommandStats.ScriptCallsAsync(_redis) - before).Should().BeLessThan(Listeners, "the heartbeats went in batches");
        failed.Count(f => f).Should().Be(1);
        failed[Listeners / 2].Should().BeTrue("only the broken one failed");
        foreach (var listener in listeners.Where(l => l != broken))
        {
            (await db.KeyExistsAsync(RedisKeys.Session(listener))).Should().BeTrue("every other heartbeat was written");
        }
    }

    public void Dispose()
    {
        _app.Dispose();
        _redis.Dispose();
    }

    private async Task<HeartbeatResult> SendAsync(ListenerId listener, DateTimeOffset connect, double played)
    {
        await using var scope = _app.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<ISender>().Send(
            new RecordHeartbeat(listener, "listener", connect, played, PermitsPerMinute: 1000));
    }

}
