using System.Net.Http.Headers;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Data.Sqlite;
using Npgsql;
using Radio.TestData.Engines;

namespace Radio.IntegrationTests.Infrastructure;

/// <summary>The database engine a test server runs on.</summary>
public enum TestDatabase
{
    /// <summary>A SQLite file in the server's data directory, as the embedded default runs.</summary>
    Sqlite,

    /// <summary>A database of the server's own on the private <see cref="PostgresServer"/>.</summary>
    PostgreSql,
}

/// <summary>
/// The whole server over real HTTP semantics, on a real SQLite file in a fresh data directory, or on a PostgreSQL
/// database of its own when <see cref="Database"/> says so.
/// </summary>
public class RadioApp : WebApplicationFactory<Program>
{
    public const string AdminUsername = "admin";
    public const string AdminPassword = "admin-password";

    /// <summary>An ffmpeg path that does not exist: the station runs as it does where ffmpeg is not installed.</summary>
    public const string NoFfmpeg = "/nonexistent/ffmpeg";

    private string? _postgreSqlDatabase;

    public RadioApp() : this(Path.Combine(Path.GetTempPath(), "radio-tests", Guid.NewGuid().ToString("N")))
    {
    }

    /// <summary>A server on an existing data directory, as after a restart.</summary>
    protected RadioApp(string dataDirectory) => DataDirectory = dataDirectory;

    public string DataDirectory { get; }

    /// <summary>The engine this server's database runs on: SQLite unless a test class runs its tests on PostgreSQL too.</summary>
    public TestDatabase Database { get; init; }

    /// <summary>This server's PostgreSQL database, made on first use; a restart of the server opens the same one.</summary>
    public string PostgreSqlDatabase
    {
        get => _postgreSqlDatabase ??= PostgresServer.Instance.NewDatabase();
        init => _postgreSqlDatabase = value;
    }

    /// <summary>Whether disposing deletes the data directory (not for a restart of another server's).</summary>
    protected virtual bool OwnsDataDirectory => true;

    /// <summary>Settings a test class changes; applied after the defaults.</summary>
    protected virtual IReadOnlyDictionary<string, string> Settings => new Dictionary<string, string>();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.UseSetting("Radio:DataDirectory", DataDirectory);
        builder.UseSetting("Radio:Admin:Username", AdminUsername);
        builder.UseSetting("Radio:Admin:Password", AdminPassword);
        builder.UseSetting("Radio:RateLimiting:AuthPerMinute", "100000");
        builder.UseSetting("Radio:RateLimiting:HeartbeatsPerMinute", "100000");
        builder.UseSetting("Radio:RateLimiting:AnonymousPerMinute", "100000");
        builder.UseSetting("Serilog:MinimumLevel:Default", "Warning");
        // renditions only where a test asks for them (FfmpegApp): songs in the station's format play as uploaded
        builder.UseSetting("Radio:Station:Ffmpeg", NoFfmpeg);
        if (Database == TestDatabase.PostgreSql)
        {
            builder.UseSetting("Radio:Database:Provider", "PostgreSql");
            builder.UseSetting("ConnectionStrings:Radio", PostgreSqlDatabase);
        }

        foreach (var (key, value) in Settings)
        {
            builder.UseSetting(key, value);
        }
    }

    public HttpClient CreateClient(string token)
    {
        var client = CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing && Database == TestDatabase.PostgreSql)
        {
            // Npgsql keeps a connection string's idle connections open for five minutes after the server stopped using
            // them: the suite's servers, one after another, held 283 of the private PostgreSQL's 300 at once (and a CI
            // run failed with "too many clients"). The stopped server's go now; a restart's server opens its own.
            using var connection = new NpgsqlConnection(PostgreSqlDatabase);
            NpgsqlConnection.ClearPool(connection);
        }

        if (disposing && OwnsDataDirectory)
        {
            SqliteConnection.ClearAllPools();
            try
            {
                Directory.Delete(DataDirectory, recursive: true);
            }
            catch (IOException)
            {
                // best effort: a temp directory left behind is harmless
            }
        }
    }
}

/// <summary>A second server on the data directory (and the database) of another, as after a restart.</summary>
public sealed class RestartedRadioApp(string dataDirectory) : RadioApp(dataDirectory)
{
    public RestartedRadioApp(RadioApp server) : this(server.DataDirectory)
    {
        Database = server.Database;
        if (server.Database == TestDatabase.PostgreSql)
        {
            PostgreSqlDatabase = server.PostgreSqlDatabase;
        }
    }

    protected override bool OwnsDataDirectory => false;
}
