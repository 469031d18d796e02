using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Radio.Infrastructure.Instances;
using Radio.Infrastructure.Persistence;
using Radio.IntegrationTests.Infrastructure;
using Radio.IntegrationTests.Listening;
using Radio.TestData.Engines;
using Radio.Web.Accounts;

namespace Radio.IntegrationTests.Instances;

/// <summary>
/// API.md, Listening and Deployment (several instances): a listener's heartbeats may reach any instance; sessions,
/// unstored credit and the listener count live in one Redis, two real instances share it, and a test clock moves time.
/// </summary>
public sealed class SeveralInstancesListeningTests : IDisposable
{
    private readonly RedisServer _redis = new(); // its own: a test stops it
    private readonly FakeTimeProvider _clock = new(TimeProvider.System.GetUtcNow()); // tokens are checked against the machine clock
    private readonly InstanceApp.Deployment _deployment;
    private readonly InstanceApp _first;
    private readonly InstanceApp _second;

    public SeveralInstancesListeningTests()
    {
        _deployment = InstanceApp.Deployment.New(_redis);
        _first = new InstanceApp(_deployment, _clock);
        _second = new InstanceApp(_deployment, _clock);
    }

    [Fact]
    public async Task Heartbeats_alternating_between_instances_are_credited_as_one_session_and_stored_once()
    {
        var auth = await _first.CreateClient().RegisterAsync();
        HttpClient[] instances = [_first.CreateClient(auth.Token), _second.CreateClient(auth.Token)];
        var connect = _clock.GetUtcNow();

        HeartbeatResponseLike last = default!;
        for (var beat = 0; beat <= 3; beat++)
        {
            last = await BeatAsync(instances[beat % 2], connect, 4 * beat);
            _clock.Advance(TimeSpan.FromSeconds(4));
        }

        last.SessionSeconds.Should().Be(12, "12 s of listening, whichever instance took each heartbeat");
        last.TotalSeconds.Should().Be(12);
        // both instances flush at once, as at two graceful shutdowns
        await Task.WhenAll(FlushAsync(_first, everything: true), FlushAsync(_second, everything: true));
        StoredTotal(_first, auth.User.Id).Should().Be(12, "each second is written once, by one instance");
        await Task.WhenAll(FlushAsync(_first, everything: true), FlushAsync(_second, everything: true));
        StoredTotal(_first, auth.User.Id).Should().Be(12, "nothing is left to write twice");
        var me = await instances[1].GetFromJsonAsync<UserResponse>("/users/me", Api.Json);
        me!.TotalListenTime.Should().Be(12);
    }

    [Fact]
    public async Task An_instance_on_the_Redis_host_may_reach_it_through_its_Unix_socket_and_shares_the_sessions()
    {
        // docs/deploying.md: "!" and a path in ConnectionStrings__Redis is Redis' unixsocket (StackExchange.Redis' own form)
        using var local = new InstanceApp(_deployment with { Redis = _redis.SocketConnectionString }, _clock);
        var auth = await _first.CreateClient().RegisterAsync();
        var connect = _clock.GetUtcNow();

        await BeatAsync(local.CreateClient(auth.Token), connect, 0);
        _clock.Advance(TimeSpan.FromSeconds(4));
        var last = await BeatAsync(_first.CreateClient(auth.Token), connect, 4);

        local.Services.GetRequiredService<StackExchange.Redis.IConnectionMultiplexer>().GetEndPoints().Should()
            .ContainSingle().Which.Should().BeOfType<System.Net.Sockets.UnixDomainSocketEndPoint>();
        last.SessionSeconds.Should().Be(4, "the session written through the socket is the one read over TCP");
    }

    [Fact]
    public async Task Credit_reaching_the_threshold_is_written_by_whichever_instance_flushes_first_and_only_once()
    {
        var auth = await _first.CreateClient().RegisterAsync();
        HttpClient[] instances = [_first.CreateClient(auth.Token), _second.CreateClient(auth.Token)];
        var connect = _clock.GetUtcNow();
        for (var beat = 0; beat <= 6; beat++)
        {
            await BeatAsync(instances[beat % 2], connect, 15 * beat);
            if (beat < 6)
            {
                _clock.Advance(TimeSpan.FromSeconds(15));
            }

            await Task.WhenAll(FlushAsync(_first, everything: false), FlushAsync(_second, everything: false));
        }

        StoredTotal(_second, auth.User.Id).Should().Be(90, "every 30 s batch written by one of the two instances");
        var total = await BeatAsync(instances[0], connect, 90);
        total.TotalSeconds.Should().Be(90, "stored plus unstored, read from either instance");
    }

    [Fact]
    public async Task The_same_heartbeat_sent_to_both_instances_at_once_is_credited_once()
    {
        var auth = await _first.CreateClient().RegisterAsync();
        HttpClient[] instances = [_first.CreateClient(auth.Token), _second.CreateClient(auth.Token)];
        var connect = _clock.GetUtcNow();
        await BeatAsync(instances[0], connect, 0);
        _clock.Advance(TimeSpan.FromSeconds(10));

        var beats = await Task.WhenAll(Enumerable.Range(0, 10).Select(i => BeatAsync(instances[i % 2], connect, 10)));

        beats.Max(b => b.SessionSeconds).Should().Be(10, "the growth of played_seconds is credited by one of them, the others find it taken");
        (await BeatAsync(instances[1], connect, 10)).TotalSeconds.Should().Be(10);
    }

    [Fact]
    public async Task An_anonymous_listener_heard_on_one_instance_registering_on_the_other_carries_their_total_over_once()
    {
        var listener = await AnonymousClientAsync(_first);
        var connect = _clock.GetUtcNow();
        await BeatAsync(listener, connect, 0);
        _clock.Advance(TimeSpan.FromSeconds(14));
        await BeatAsync(listener, connect, 14);
        var token = listener.DefaultRequestHeaders.Authorization!.Parameter!;
        var onSecond = _second.CreateClient(token);

        var registered = await onSecond.PostAsJsonAsync("/auth/register", new { username = Api.UniqueName(), password = "password123" }, Api.Json);
        var again = await onSecond.PostAsJsonAsync("/auth/register", new { username = Api.UniqueName(), password = "password123" }, Api.Json);

        var user = (await registered.ReadAsync<AuthResponse>())!.User;
        user.TotalListenTime.Should().Be(14);
        (await again.ReadAsync<AuthResponse>())!.User.TotalListenTime.Should().Be(0, "carried over once");
        await Task.WhenAll(FlushAsync(_first, everything: true), FlushAsync(_second, everything: true));
        StoredTotal(_first, user.Id).Should().Be(14);
        (await ListenersAsync(_first)).Should().Be(0, "the anonymous listener's session is gone with them");
    }

    [Fact]
    public async Task The_listener_count_in_now_playing_counts_the_sessions_of_every_instance()
    {
        var one = await AnonymousClientAsync(_first);
        var other = await AnonymousClientAsync(_second);

        await BeatAsync(one, _clock.GetUtcNow(), 0);
        await BeatAsync(other, _clock.GetUtcNow(), 0);

        (await ListenersAsync(_first)).Should().Be(2);
        (await ListenersAsync(_second)).Should().Be(2);
        _clock.Advance(TimeSpan.FromSeconds(61));
        (await ListenersAsync(_second)).Should().Be(0, "a session ends a timeout after its last heartbeat");
    }

    [Fact]
    public async Task A_Redis_outage_answers_heartbeats_503_and_after_it_they_work_again_with_no_stored_credit_lost()
    {
        var auth = await _first.CreateClient().RegisterAsync();
        var client = _first.CreateClient(auth.Token);
        var connect = _clock.GetUtcNow();
        await BeatAsync(client, connect, 0);
        _clock.Advance(TimeSpan.FromSeconds(20));
        await BeatAsync(client, connect, 20);
        await FlushAsync(_first, everything: true);
        StoredTotal(_first, auth.User.Id).Should().Be(20);

        _redis.Stop();
        _clock.Advance(TimeSpan.FromSeconds(5));
        var during = await client.PostHeartbeatAsync(connect, 25);
        _redis.Start();

        await during.ShouldBeProblemAsync(503);
        during.Headers.RetryAfter.Should().NotBeNull();
        StoredTotal(_first, auth.User.Id).Should().Be(20, "what was stored stays stored");
        var recovered = await WithinAsync(TimeSpan.FromSeconds(8), async () =>
            (await client.PostHeartbeatAsync(connect, 25)).StatusCode == HttpStatusCode.OK);
        recovered.Should().BeTrue("the connection comes back by itself");
        _clock.Advance(TimeSpan.FromSeconds(10));
        var after = await BeatAsync(client, connect, 35);
        after.TotalSeconds.Should().BeGreaterThanOrEqualTo(30, "20 s stored before the outage plus the new session's 10 s at least");
        await FlushAsync(_first, everything: true);
        StoredTotal(_first, auth.User.Id).Should().Be(after.TotalSeconds);
    }

    [Fact]
    public async Task A_Redis_that_cannot_write_answers_heartbeats_503_and_a_key_of_the_wrong_type_500()
    {
        var auth = await _first.CreateClient().RegisterAsync();
        var client = _first.CreateClient(auth.Token);
        var connect = _clock.GetUtcNow();
        await BeatAsync(client, connect, 0);

        // up, but refusing every write: its memory is full
        Redis("config", "set", "maxmemory", "1");
        _clock.Advance(TimeSpan.FromSeconds(5));
        var full = await client.PostHeartbeatAsync(connect, 5);
        var fullLeaderboard = await client.GetAsync("/users/leaderboard");
        Redis("config", "set", "maxmemory", "0");

        await full.ShouldBeProblemAsync(503);
        full.Headers.RetryAfter.Should().NotBeNull("a Redis out of memory may take writes again: the client tries later");
        fullLeaderboard.StatusCode.Should().Be(HttpStatusCode.OK, "reading needs no memory");
        (await BeatAsync(client, connect, 5)).SessionSeconds.Should().Be(5, "the heartbeat refused wrote nothing, and the next is credited");

        // a key that holds something else is a bug that a retry repeats: no 503 asking for one
        var other = await _first.CreateClient().RegisterAsync();
        var otherClient = _first.CreateClient(other.Token);
        Redis("set", (string)RedisKeys.UnstoredDays(other.User.Id)!, "not a hash");
        await BeatAsync(otherClient, connect, 0);
        _clock.Advance(TimeSpan.FromSeconds(5));
        var broken = await otherClient.PostHeartbeatAsync(connect, 5);
        await broken.ShouldBeProblemAsync(500);
        broken.Headers.RetryAfter.Should().BeNull();
    }

    public void Dispose()
    {
        _first.Dispose();
        _second.Dispose();
        _redis.Dispose();
        Engines.DeleteQuietly(_deployment.MediaDirectory);
    }

    private sealed record HeartbeatResponseLike(long SessionSeconds, long TotalSeconds);

    private sealed record AnonymousToken(string Token);

    private sealed record NowPlayingCount(int Listeners);

    private void Redis(params string[] command) =>
        Engines.Run("redis-cli", ["-p", _redis.Port.ToString(System.Globalization.CultureInfo.InvariantCulture), .. command]);

    private static async Task<HeartbeatResponseLike> BeatAsync(HttpClient client, DateTimeOffset connect, double played)
    {
        var response = await client.PostHeartbeatAsync(connect, played);
        response.StatusCode.Should().Be(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        return (await response.ReadAsync<HeartbeatResponseLike>())!;
    }

    private static async Task<HttpClient> AnonymousClientAsync(InstanceApp app)
    {
        var anonymous = (await (await app.CreateClient().PostAsync("/auth/anonymous", null)).ReadAsync<AnonymousToken>())!;
        return app.CreateClient(anonymous.Token);
    }

    private static async Task<int> ListenersAsync(InstanceApp app) =>
        (await app.CreateClient().GetFromJsonAsync<NowPlayingCount>("/radio/now-playing", Api.Json))!.Listeners;

    private static async Task FlushAsync(InstanceApp app, bool everything) =>
        (await app.Services.GetRequiredService<RedisTotalsFlush>().TryFlushAsync(everything, CancellationToken.None))
            .Should().BeTrue();

    private static long StoredTotal(InstanceApp app, int userId)
    {
        using var scope = app.Services.CreateScope();
        return scope.ServiceProvider.GetRequiredService<RadioDbContext>().Users
            .Where(u => u.Id == userId).Select(u => u.TotalListenTime).Single();
    }

    private static async Task<bool> WithinAsync(TimeSpan limit, Func<Task<bool>> condition)
    {
        var clock = Stopwatch.StartNew();
        while (!await condition())
        {
            if (clock.Elapsed > limit)
            {
                return false;
            }

            await Task.Delay(100);
        }

        return true;
    }
}
