using System.Net.Http.Headers;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Data.Sqlite;

namespace Radio.IntegrationTests.Infrastructure;

/// <summary>The whole server over real HTTP semantics, on a real SQLite file in a fresh data directory.</summary>
public class RadioApp : WebApplicationFactory<Program>
{
    public const string AdminUsername = "admin";
    public const string AdminPassword = "admin-password";

    /// <summary>An ffmpeg path that does not exist: the station runs as it does where ffmpeg is not installed.</summary>
    public const string NoFfmpeg = "/nonexistent/ffmpeg";

    public RadioApp() : this(Path.Combine(Path.GetTempPath(), "radio-tests", Guid.NewGuid().ToString("N")))
    {
    }

    /// <summary>A server on an existing data directory, as after a restart.</summary>
    protected RadioApp(string dataDirectory) => DataDirectory = dataDirectory;

    public string DataDirectory { get; }

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

/// <summary>A second server on the data directory of another, as after a restart.</summary>
public sealed class RestartedRadioApp(string dataDirectory) : RadioApp(dataDirectory)
{
    protected override bool OwnsDataDirectory => false;
}
