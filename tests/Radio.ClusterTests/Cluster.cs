using System.Diagnostics;
using System.Globalization;
using System.Text;
using Npgsql;
using Radio.TestData.Engines;
using Xunit.Abstractions;

namespace Radio.ClusterTests;

[CollectionDefinition(Name)]
public sealed class SharedCluster : ICollectionFixture<Cluster>
{
    public const string Name = "cluster";
}

/// <summary>
/// Three Radio processes on one private PostgreSQL database, one Redis and one media directory, with one signing key,
/// behind nginx round robin; the first two also relay the station to a private Icecast. Four short songs are on the
/// air before the first test. Shared by every test: a test that kills an instance or restarts Redis puts it back.
/// </summary>
public sealed class Cluster : IAsyncLifetime
{
    public const string SigningKey = "the signing key every instance of the cluster shares";
    public const int FlushThresholdSeconds = 5;
    public const double SongSeconds = 5;
    public const int Songs = 4;
    public static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(90);

    private readonly string _directory;

    public Cluster()
    {
        SweepCrashedRuns();
        _directory = Engines.PrivateDirectory("cluster");
        File.WriteAllText(Path.Combine(_directory, "host.pid"), Environment.ProcessId.ToString(CultureInfo.InvariantCulture));
        Media = Path.Combine(_directory, "media");
        Directory.CreateDirectory(Media);
        Database = PostgresServer.Instance.NewDatabase();
        AppDomain.CurrentDomain.ProcessExit += (_, _) => Stop();
    }

    public string Media { get; }

    public string Database { get; }

    public RedisServer Redis { get; } = new();

    public IcecastServer Icecast { get; } = new();

    public RadioProcess[] Instances { get; private set; } = [];

    public NginxServer Nginx { get; private set; } = null!;

    /// <summary>A client of nginx, which passes each request to the next instance.</summary>
    public HttpClient Proxy { get; private set; } = null!;

    /// <summary>One client per instance, straight to it.</summary>
    public HttpClient[] Direct { get; private set; } = [];

    /// <summary>The artist who uploaded the songs on the air, and its token.</summary>
    public string ArtistToken { get; private set; } = "";

    /// <summary>The environment every instance gets: what the README's "Several instances" shows.</summary>
    public IReadOnlyDictionary<string, string> InstanceEnvironment(bool relay) => new Dictionary<string, string>
    {
        ["Radio__Database__Provider"] = "PostgreSql",
        ["ConnectionStrings__Radio"] = Database,
        ["ConnectionStrings__Redis"] = Redis.ConnectionString,
        ["Radio__Media__Directory"] = Media,
        ["Radio__Tokens__SigningKey"] = SigningKey,
        ["Radio__ForwardedHeaders__KnownNetworks"] = "127.0.0.1",
        ["Radio__Listening__FlushThresholdSeconds"] = FlushThresholdSeconds.ToString(CultureInfo.InvariantCulture),
        // every test client is 127.0.0.1
        ["Radio__RateLimiting__AuthPerMinute"] = "10000",
        ["Radio__RateLimiting__HeartbeatsPerMinute"] = "10000",
        ["Radio__RateLimiting__AnonymousPerMinute"] = "10000",
        // songs in the station's format play as uploaded; no rendition is made
        ["Radio__Station__Ffmpeg"] = "/nonexistent/ffmpeg",
        ["Radio__Relay__Url"] = relay ? Icecast.RelayUrl() : "",
        ["Serilog__MinimumLevel__Override__Radio.Infrastructure.Relay"] = "Information",
    };

    public async Task InitializeAsync()
    {
        Instances = [.. Enumerable.Range(1, 3).Select(n => new RadioProcess($"radio{n}", _directory, InstanceEnvironment(relay: n <= 2)))];
        foreach (var instance in Instances)
        {
            instance.Start(); // all at once, as an orchestrator starts them: the migration and the admin seed race
        }

        await Task.WhenAll(Instances.Select(i => i.WaitReadyAsync(StartTimeout)));
        Direct = [.. Instances.Select(i => new HttpClient { BaseAddress = i.BaseAddress, Timeout = TimeSpan.FromSeconds(20) })];
        Nginx = new NginxServer(port => NginxSite(port, Instances));
        Proxy = new HttpClient { BaseAddress = Nginx.BaseAddress, Timeout = TimeSpan.FromSeconds(20) };

        var artist = await Direct[0].RegisterAsync(artistName: ClusterApi.UniqueName("Artist"));
        ArtistToken = artist.Token;
        for (var song = 1; song <= Songs; song++)
        {
            await Direct[0].UploadAsync(ArtistToken, $"Cluster song {song}", ClusterSongs.Numbered(song, SongSeconds));
        }

        var onAir = await ClusterApi.WithinAsync(TimeSpan.FromSeconds(30), async () =>
            (await Task.WhenAll(Direct.Select(d => d.NowPlayingAsync()))).All(n => n.Song is not null));
        if (onAir is null)
        {
            throw new TimeoutException($"The station did not go on the air on every instance.\n{Logs()}");
        }
    }

    /// <summary>The nginx site of the cluster: round robin over the instances, with which one answered in a header.</summary>
    public static string NginxSite(int port, IEnumerable<RadioProcess> instances) => $$"""
        upstream radio {
            {{string.Concat(instances.Select(i => $"server 127.0.0.1:{i.Port};"))}}
        }
        server {
            listen 127.0.0.1:{{port}};
            client_max_body_size 60m;
            proxy_set_header Host              $host;
            proxy_set_header X-Forwarded-For   $proxy_add_x_forwarded_for;
            proxy_set_header X-Forwarded-Proto $scheme;
            proxy_set_header X-Forwarded-Host  $host;
            add_header X-Upstream $upstream_addr always;
            location / { proxy_pass http://radio; }
            location = /radio/stream { proxy_pass http://radio; proxy_buffering off; proxy_read_timeout 24h; }
            location = /radio/events { proxy_pass http://radio; proxy_buffering off; proxy_read_timeout 24h; }
        }
        """;

    /// <summary>What the database holds as a user's stored total, read past every instance.</summary>
    public async Task<long> StoredTotalAsync(int userId)
    {
        await using var connection = new NpgsqlConnection(Database);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT total_listen_time FROM users WHERE id = @id", connection);
        command.Parameters.AddWithValue("id", userId);
        return Convert.ToInt64(await command.ExecuteScalarAsync(), CultureInfo.InvariantCulture);
    }

    /// <summary>The end of every instance's output and their state, for a failed test's message.</summary>
    public string Logs()
    {
        var text = new StringBuilder();
        foreach (var instance in Instances)
        {
            text.Append(CultureInfo.InvariantCulture, $"--- {instance.Name} ({(instance.Running ? "running" : "stopped")}, :{instance.Port})\n");
            text.Append(instance.Tail()).Append('\n');
        }

        return text.ToString();
    }

    /// <summary>Runs a test, and on its failure writes every instance's output to the test's output.</summary>
    public async Task ExplainAsync(ITestOutputHelper output, Func<Task> test)
    {
        try
        {
            await test();
        }
        catch
        {
            output.WriteLine(Logs());
            throw;
        }
    }

    public Task DisposeAsync()
    {
        Stop();
        return Task.CompletedTask;
    }

    private void Stop()
    {
        Proxy?.Dispose();
        foreach (var client in Direct)
        {
            client.Dispose();
        }

        foreach (var instance in Instances)
        {
            instance.Dispose();
        }

        Nginx?.Dispose();
        Icecast.Dispose();
        Redis.Dispose();
        Engines.DeleteQuietly(_directory);
    }

    /// <summary>Ends the instances a crashed earlier run left (their test host is gone) and deletes its folder.</summary>
    private static void SweepCrashedRuns()
    {
        foreach (var directory in Directory.Exists(Engines.Root) ? Directory.GetDirectories(Engines.Root, "cluster-*") : [])
        {
            if (Alive(Path.Combine(directory, "host.pid"), ""))
            {
                continue;
            }

            foreach (var pidFile in Directory.GetFiles(directory, "radio.pid", SearchOption.AllDirectories))
            {
                if (Alive(pidFile, "Radio.Web.dll") && ReadPid(pidFile) is { } pid)
                {
                    using var process = Process.GetProcessById(pid);
                    process.Kill();
                }
            }

            Engines.DeleteQuietly(directory);
        }
    }

    /// <summary>Whether the process a pid file names still runs, and is still what it was (pids are reused).</summary>
    private static bool Alive(string pidFile, string commandContains) =>
        ReadPid(pidFile) is { } pid && File.Exists($"/proc/{pid}/cmdline")
        && File.ReadAllText($"/proc/{pid}/cmdline").Contains(commandContains, StringComparison.Ordinal);

    private static int? ReadPid(string pidFile) =>
        File.Exists(pidFile) && int.TryParse(File.ReadAllText(pidFile), CultureInfo.InvariantCulture, out var pid) ? pid : null;
}
