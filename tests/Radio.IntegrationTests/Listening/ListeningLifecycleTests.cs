using System.Net.Http.Json;
using Radio.IntegrationTests.Infrastructure;
using Radio.Web.Accounts;

namespace Radio.IntegrationTests.Listening;

public sealed class StrictHeartbeatLimitApp : RadioApp
{
    protected override IReadOnlyDictionary<string, string> Settings => new Dictionary<string, string>
    {
        ["Radio:RateLimiting:HeartbeatsPerMinute"] = "3",
    };
}

public sealed class HeartbeatRateLimitTests(StrictHeartbeatLimitApp app) : IClassFixture<StrictHeartbeatLimitApp>
{
    [Fact]
    public async Task Heartbeats_beyond_the_limit_get_429_per_listener()
    {
        var flooder = app.CreateClient((await app.CreateClient().RegisterAsync()).Token);
        var other = app.CreateClient((await app.CreateClient().RegisterAsync()).Token);
        var now = TimeProvider.System.GetUtcNow();
        for (var i = 0; i < 3; i++)
        {
            (await flooder.PostHeartbeatAsync(now, i)).EnsureSuccessStatusCode();
        }

        var rejected = await flooder.PostHeartbeatAsync(now, 3);

        await rejected.ShouldBeProblemAsync(429);
        rejected.Headers.RetryAfter.Should().NotBeNull();
        (await other.PostHeartbeatAsync(now, 1)).EnsureSuccessStatusCode();
    }
}

public abstract class ShutdownFlushTests(TestDatabase database)
{
    public sealed class OnSqlite() : ShutdownFlushTests(TestDatabase.Sqlite);

    public sealed class OnPostgreSql() : ShutdownFlushTests(TestDatabase.PostgreSql);

    [Fact]
    public async Task A_graceful_shutdown_stores_credit_below_the_threshold()
    {
        AuthResponse auth;
        var dataDirectory = Path.Combine(Path.GetTempPath(), "radio-tests", Guid.NewGuid().ToString("N"));
        var first = new RestartedRadioApp(dataDirectory) { Database = database }; // keeps its data directory for the restart
        using (first)
        {
            auth = await first.CreateClient().RegisterAsync();
            await first.CreateClient(auth.Token).HeartbeatAsync(TimeProvider.System.GetUtcNow(), 12);
        }

        try
        {
            using var restarted = new RestartedRadioApp(first);
            var me = await restarted.CreateClient(auth.Token).GetFromJsonAsync<UserResponse>("/users/me", Api.Json);

            me!.TotalListenTime.Should().Be(12, "the stopping server wrote the pending 12 s");
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(dataDirectory, recursive: true);
        }
    }
}
