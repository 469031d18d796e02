using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Radio.Domain.Listening;
using Radio.Infrastructure.Instances;
using Radio.IntegrationTests.Infrastructure;
using Radio.IntegrationTests.Listening;
using Radio.TestData.Engines;

namespace Radio.IntegrationTests.Instances;

/// <summary>
/// API.md, Deployment (several instances) and Operations: the heartbeat limit, the anonymous budget per address and
/// the bound on anonymous listeners hold over all instances, counted in the one Redis they share.
/// </summary>
public sealed class SeveralInstancesLimitsTests : IDisposable
{
    private const int PerMinute = 3;
    private readonly RedisServer _redis = new(); // its own: the windows it counts outlive the instances
    private readonly InstanceApp.Deployment _deployment;
    private readonly InstanceApp _first;
    private readonly InstanceApp _second;

    public SeveralInstancesLimitsTests()
    {
        _deployment = InstanceApp.Deployment.New(_redis);
        var settings = new Dictionary<string, string>
        {
            ["Radio:RateLimiting:HeartbeatsPerMinute"] = PerMinute.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Radio:RateLimiting:AnonymousPerMinute"] = PerMinute.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Radio:Listening:MaxAnonymousListeners"] = "2",
        };
        _first = new InstanceApp(_deployment, settings: settings);
        _second = new InstanceApp(_deployment, settings: settings);
    }

    [Fact]
    public async Task The_anonymous_budget_of_an_address_is_one_over_all_instances()
    {
        InstanceApp[] instances = [_first, _second, _first];
        foreach (var instance in instances)
        {
            (await instance.CreateClient().PostAsync("/auth/anonymous", null)).StatusCode.Should().Be(HttpStatusCode.OK);
        }

        var fourth = await _second.CreateClient().PostAsync("/auth/anonymous", null);

        await fourth.ShouldBeProblemAsync(429);
        fourth.Headers.RetryAfter!.Delta!.Value.TotalSeconds.Should().BeInRange(1, 60);
    }

    [Fact]
    public async Task The_heartbeat_limit_of_a_listener_is_one_over_all_instances()
    {
        var auth = await _first.CreateClient().RegisterAsync();
        HttpClient[] instances = [_first.CreateClient(auth.Token), _second.CreateClient(auth.Token)];
        var connect = TimeProvider.System.GetUtcNow();
        for (var beat = 0; beat < PerMinute; beat++)
        {
            (await instances[beat % 2].PostHeartbeatAsync(connect, 0)).StatusCode.Should().Be(HttpStatusCode.OK);
        }

        var session = Session();

        // the second instance last took beat 2 of 3: its hint is a permit behind, and the stored window refuses it
        var over = await instances[1].PostHeartbeatAsync(connect, 0);
        // the first took the last permit: its own hint refuses, without asking Redis
        var overAgain = await instances[0].PostHeartbeatAsync(connect, 0);

        await over.ShouldBeProblemAsync(429);
        await overAgain.ShouldBeProblemAsync(429);
        over.Headers.RetryAfter!.Delta!.Value.TotalSeconds.Should().BeInRange(1, 60);
        overAgain.Headers.RetryAfter!.Delta!.Value.TotalSeconds.Should().BeInRange(1, 60);
        Session().Should().Be(session, "a refused heartbeat writes nothing: no credit, no permit counted");
        var other = _second.CreateClient((await _second.CreateClient().RegisterAsync()).Token);
        (await other.PostHeartbeatAsync(connect, 0)).StatusCode.Should().Be(HttpStatusCode.OK, "each listener has their own window");
    }

    private string Session()
    {
        var port = _redis.Port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var key = Engines.Run("redis-cli", "-p", port, "--scan", "--pattern", "radio:session:*").Trim();
        key.Should().NotBeEmpty().And.NotContain("\n", "one listener");
        return Engines.Run("redis-cli", "-p", port, "get", key).Trim();
    }

    [Fact]
    public async Task At_most_MaxAnonymousListeners_are_held_over_all_instances_the_least_recently_heard_forgotten_first()
    {
        var connect = TimeProvider.System.GetUtcNow();
        var oldest = await AnonymousClientAsync(_first);
        await oldest.HeartbeatAsync(connect, 20);
        await (await AnonymousClientAsync(_second)).HeartbeatAsync(connect, 5);
        await (await AnonymousClientAsync(_first)).HeartbeatAsync(connect, 5);

        (await _second.Services.GetRequiredService<RedisAnonymousListeners>().CountAsync()).Should().Be(2);
        (await _first.Services.GetRequiredService<IListeningSessions>().CountLiveAsync(TimeProvider.System.GetUtcNow(), CancellationToken.None))
            .Should().Be(2, "the forgotten listener's session is not live either");
        var again = await oldest.HeartbeatAsync(connect, 21);
        again.TotalSeconds.Should().Be(21, "the oldest was forgotten with its session: its beat starts a new one");
    }

    public void Dispose()
    {
        _first.Dispose();
        _second.Dispose();
        _redis.Dispose();
        Engines.DeleteQuietly(_deployment.MediaDirectory);
    }

    private sealed record AnonymousToken(string Token);

    private static async Task<HttpClient> AnonymousClientAsync(InstanceApp app)
    {
        var anonymous = (await (await app.CreateClient().PostAsync("/auth/anonymous", null)).ReadAsync<AnonymousToken>())!;
        return app.CreateClient(anonymous.Token);
    }
}
