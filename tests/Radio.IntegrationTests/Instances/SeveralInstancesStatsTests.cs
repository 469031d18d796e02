using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Radio.Infrastructure.Persistence;
using Radio.Infrastructure.Statistics;
using Radio.IntegrationTests.Infrastructure;
using Radio.IntegrationTests.Listening;
using Radio.IntegrationTests.Statistics;
using Radio.TestData.Engines;

namespace Radio.IntegrationTests.Instances;

/// <summary>Statistics with several instances: every ended session is recorded once, by whichever instance claims it.</summary>
public sealed class SeveralInstancesStatsTests : IDisposable
{
    private readonly RedisServer _redis = new();
    private readonly FakeTimeProvider _clock = new(TimeProvider.System.GetUtcNow()); // tokens are checked against the machine clock
    private readonly InstanceApp _first;
    private readonly InstanceApp _second;

    public SeveralInstancesStatsTests()
    {
        var deployment = InstanceApp.Deployment.New(_redis);
        _first = new InstanceApp(deployment, _clock);
        _second = new InstanceApp(deployment, _clock);
    }

    [Fact]
    public async Task Sessions_ended_by_timeout_or_by_the_next_heartbeat_are_recorded_once_whichever_instances_write()
    {
        var auth = await _first.CreateClient().RegisterAsync();
        // signed in before the test clock moves ahead of the machine clock that checks tokens here
        var admin = _second.CreateClient((await _second.CreateClient().LoginAsync(RadioApp.AdminUsername, RadioApp.AdminPassword)).Token);
        HttpClient[] instances = [_first.CreateClient(auth.Token), _second.CreateClient(auth.Token)];
        var start = _clock.GetUtcNow();
        await BeatsAsync(instances, start, 3);
        _clock.Advance(TimeSpan.FromSeconds(61));
        await BeatsAsync(instances, _clock.GetUtcNow(), 2); // its first heartbeat ends the first session
        _clock.Advance(TimeSpan.FromSeconds(61)); // the second ends by timeout

        for (var round = 0; round < 2; round++)
        {
            var writes = await Task.WhenAll(WriteAsync(_first), WriteAsync(_second));
            writes.Should().AllBeEquivalentTo(true);
        }

        using var scope = _second.Services.CreateScope();
        var sessions = await scope.ServiceProvider.GetRequiredService<RadioDbContext>().Set<RecordedSession>()
            .Where(s => s.ListenerId == "user:" + auth.User.Id).OrderBy(s => s.StartedAt).ToListAsync();
        sessions.Select(s => (s.EndedAt - s.StartedAt).TotalSeconds).Should().Equal([30.0, 15.0], "each session once, with its own length");
        // to given at +02:00: PostgreSQL takes timestamptz parameters in UTC only, so the range is read in UTC
        var to = Uri.EscapeDataString(start.AddDays(1).ToOffset(TimeSpan.FromHours(2))
            .ToString("yyyy-MM-dd'T'HH:mm:sszzz", System.Globalization.CultureInfo.InvariantCulture));
        var stats = await admin.StatsAsync($"?interval=day&from={StatsApi.Stamp(start.UtcDateTime.AddDays(-1))}&to={to}");
        stats.Sum(d => d.Sessions).Should().Be(2);
        stats.Sum(d => d.UniqueListeners).Should().BeInRange(1, 2, "one listener, counted once per day their sessions started in");
    }

    private async Task BeatsAsync(HttpClient[] instances, DateTimeOffset connect, int beats)
    {
        for (var beat = 0; beat < beats; beat++)
        {
            if (beat > 0)
            {
                _clock.Advance(TimeSpan.FromSeconds(15));
            }

            await instances[beat % 2].HeartbeatAsync(connect, 15 * beat);
        }
    }

    private static Task<bool> WriteAsync(InstanceApp app) =>
        app.Services.GetRequiredService<SessionRecorder>().TryWriteAsync(CancellationToken.None);

    public void Dispose()
    {
        _first.Dispose();
        _second.Dispose();
        _redis.Dispose();
    }
}
