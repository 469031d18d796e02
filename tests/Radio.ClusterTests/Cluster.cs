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

    public async Task InitializeAsync()
    {
        Instances = [.. Enumerable.Range(1, 3).Select(n => new RadioProcess(
            $"radio{n}", _directory, ClusterSettings.Instance(Database, Redis.ConnectionString, Media, n <= 2 ? Icecast.RelayUrl() : null)))];
        foreach (var instance in Instances)
        {
            instance.Start(); // all at once, as an orchestrator starts them: the migration and the admin seed race
        }

        await Task.WhenAll(Instances.Select(i => i.WaitReadyAsync(StartTimeout)));
        Direct = [.. Instances.Select(i => new HttpClient { BaseAddress = i.BaseAddress, Timeout = TimeSpan.FromSeconds(20) })];
        Nginx = new NginxServer(port => ClusterSettings.NginxSite(port, Instances.Select(i => i.Port)));
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

        // a first listener of each (the stream's code path compiled and warm), so no test measures a cold start
        // a producer that stalls while the instances start drops its listeners: a warm-up that ends early listens again
        await Task.WhenAll(Direct.Select(async d =>
        {
            for (var attempt = 1; ; attempt++)
            {
                try
                {
                    using var stream = await d.GetAsync("/radio/stream", HttpCompletionOption.ResponseHeadersRead);
                    await using var audio = await stream.Content.ReadAsStreamAsync();
                    await audio.ReadExactlyAsync(new byte[3 * ClusterSongs.BytesPerSecond]);
                    return;
                }
                catch (IOException) when (attempt < 3)
                {
                }
            }
        }));
    }

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

    /// <summary>
    /// Runs a test once every instance is ready (one a test killed may still be starting again), and on its failure
    /// writes every instance's output to the test's output.
    /// </summary>
    public async Task ExplainAsync(ITestOutputHelper output, Func<Task> test)
    {
        try
        {
            await Task.WhenAll(Instances.Select(i => i.WaitReadyAsync(StartTimeout)));
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

    /// <summary>Deletes the folders of earlier runs whose test host is gone (their processes end with the first engine started).</summary>
    private static void SweepCrashedRuns()
    {
        foreach (var directory in Directory.Exists(Engines.Root) ? Directory.GetDirectories(Engines.Root, "cluster-*") : [])
        {
            var host = Path.Combine(directory, "host.pid");
            if (!File.Exists(host) || !Directory.Exists($"/proc/{File.ReadAllText(host).Trim()}"))
            {
                Engines.DeleteQuietly(directory);
            }
        }
    }
}
