using System.Net;
using Npgsql;
using Radio.IntegrationTests.Infrastructure;
using Radio.IntegrationTests.Listening;
using Radio.TestData.Engines;

namespace Radio.IntegrationTests.Persistence;

/// <summary>Start-up against a database that is not ready yet, on the private PostgreSQL.</summary>
public sealed class DatabaseStartupTests
{
    [Fact]
    public async Task A_server_whose_migration_attempt_failed_tries_again_in_seconds_whatever_its_clock_says()
    {
        var connectionString = PostgresServer.Instance.NewDatabase();
        using (var migrated = new RadioApp { Database = TestDatabase.PostgreSql, PostgreSqlDatabase = connectionString })
        {
            migrated.CreateClient().Dispose();
        }

        // another instance holds the migrations' history, as while it migrates, and this one waits 0.2 s for a lock:
        // its first attempts fail (55P03, a DbException outside EF's retries)
        await using var other = new NpgsqlConnection(connectionString);
        await other.OpenAsync();
        await using var holding = await other.BeginTransactionAsync();
        await using (var command = new NpgsqlCommand("""LOCK TABLE "__EFMigrationsHistory" IN ACCESS EXCLUSIVE MODE""", other, holding))
        {
            await command.ExecuteNonQueryAsync();
        }

        // its clock stands still, as a test's does until the test moves it
        using var app = new ListeningApp { Database = TestDatabase.PostgreSql, PostgreSqlDatabase = connectionString + ";Options=-c lock_timeout=200" };
        var starting = Task.Run(app.CreateClient);
        await Task.Delay(TimeSpan.FromSeconds(1.5));
        await holding.RollbackAsync();

        HttpClient client;
        try
        {
            client = await starting.WaitAsync(TimeSpan.FromSeconds(30));
        }
        catch (TimeoutException)
        {
            app.Clock.Advance(TimeSpan.FromMinutes(1)); // ends a pause taken on the app's clock, so the app can be disposed
            throw;
        }

        (await client.GetAsync("/radio/now-playing")).StatusCode.Should().Be(HttpStatusCode.OK);
    }
}
