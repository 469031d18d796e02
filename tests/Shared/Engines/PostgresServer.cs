namespace Radio.TestData.Engines;

/// <summary>
/// A private PostgreSQL server from Debian's packages: its own cluster in a temp folder, on a free loopback port,
/// trust authentication for the one user <c>radio</c>, durability off (tests need none). One per test process,
/// started on first use and stopped when the process exits; each test app takes a database of its own.
/// </summary>
public sealed class PostgresServer
{
    private const string User = "radio";
    private static readonly Lazy<PostgresServer> Shared = new(Start);
    private readonly string _directory;
    private readonly string _data;

    private PostgresServer(string directory, int port)
    {
        _directory = directory;
        _data = Path.Combine(directory, "data");
        Port = port;
    }

    public static PostgresServer Instance => Shared.Value;

    public int Port { get; }

    /// <summary>A connection string to a database of its own; EF's migration creates it.</summary>
    public string ConnectionString(string database) =>
        $"Host=127.0.0.1;Port={Port};Username={User};Database={database};Pooling=true;Include Error Detail=true";

    public string NewDatabase() => ConnectionString("radio_" + Guid.NewGuid().ToString("N")[..16]);

    private static PostgresServer Start()
    {
        var bin = Directory.GetDirectories("/usr/lib/postgresql").OrderDescending().Select(d => Path.Combine(d, "bin"))
            .FirstOrDefault(d => File.Exists(Path.Combine(d, "initdb")))
            ?? throw new InvalidOperationException("PostgreSQL is not installed: apt-get install postgresql");
        SweepStopped();
        var server = new PostgresServer(Engines.PrivateDirectory("postgres", owner: "postgres"), Engines.FreePort());
        var owner = Engines.IsRoot ? "postgres" : null;
        Engines.RunAs(owner, Path.Combine(bin, "initdb"), "-D", server._data, "-U", User, "-A", "trust", "-E", "UTF8", "--no-sync");
        Engines.RunAs(owner, Path.Combine(bin, "pg_ctl"), "-D", server._data, "-l", Path.Combine(server._directory, "log"), "-w", "-t", "60",
            "-o", $"-p {server.Port} -k {server._directory} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=300",
            "start");
        AppDomain.CurrentDomain.ProcessExit += (_, _) => server.Stop(Path.Combine(bin, "pg_ctl"), owner);
        return server;
    }

    /// <summary>
    /// Deletes the clusters of earlier test runs that are no longer running (a test host killed before it cleaned up).
    /// Not one made in the last minutes: another test project starting at the same moment (CI runs them in parallel)
    /// has no <c>postmaster.pid</c> yet while its <c>initdb</c> runs.
    /// </summary>
    private static void SweepStopped()
    {
        var settingUp = TimeProvider.System.GetUtcNow().UtcDateTime - TimeSpan.FromMinutes(10);
        foreach (var directory in Directory.Exists(Engines.Root) ? Directory.GetDirectories(Engines.Root, "postgres-*") : [])
        {
            if (!File.Exists(Path.Combine(directory, "data", "postmaster.pid")) && Directory.GetLastWriteTimeUtc(directory) < settingUp)
            {
                Engines.DeleteQuietly(directory);
            }
        }
    }

    private void Stop(string pgCtl, string? owner)
    {
        try
        {
            Engines.RunAs(owner, pgCtl, "-D", _data, "-m", "immediate", "-w", "stop");
        }
        finally
        {
            Engines.DeleteQuietly(_directory);
        }
    }
}
