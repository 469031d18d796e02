
namespace Radio.TestData.Engines;

/// <summary>
/// A private Redis server from Debian's <c>redis-server</c> on a free loopback port, with no persistence. It can be
/// stopped and started again on the same port, as an outage and a recovery.
/// </summary>
public sealed class RedisServer : IDisposable
{
    private static readonly Lazy<RedisServer> Shared = new(() => new RedisServer());
    private readonly string _directory = Engines.PrivateDirectory("redis");
    private EngineProcess? _process;

    public RedisServer()
    {
        Port = Engines.FreePort();
        // a Unix socket's path holds at most 107 bytes: under a long temporary directory, a short one of its own
        SocketPath = Path.Combine(_directory, "redis.sock");
        if (System.Text.Encoding.UTF8.GetByteCount(SocketPath) > 100)
        {
            SocketPath = $"/tmp/radio-redis-{Port}.sock";
        }

        Start();
        AppDomain.CurrentDomain.ProcessExit += (_, _) => Dispose();
    }

    /// <summary>One server for tests that only need one to exist; a test that stops it makes its own.</summary>
    public static RedisServer Instance => Shared.Value;

    public int Port { get; }

    /// <summary>A StackExchange.Redis configuration string; <c>abortConnect=false</c> as the server is configured.</summary>
    public string ConnectionString => $"127.0.0.1:{Port},abortConnect=false";

    /// <summary>The server's Unix socket, beside its port: for clients on the same host.</summary>
    public string SocketPath { get; }

    /// <summary>The configuration string to the Unix socket (StackExchange.Redis reads <c>!</c> and a path as one).</summary>
    public string SocketConnectionString => $"!{SocketPath},abortConnect=false";

    public void Start() => _process = EngineProcess.Start("redis-server", "redis-server", Port,
        "--port", Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--bind", "127.0.0.1",
        "--save", "", "--appendonly", "no", "--dir", _directory, "--protected-mode", "no",
        "--unixsocket", SocketPath, "--unixsocketperm", "700");

    /// <summary>Kills the server at once, as a crash: clients see their connections drop.</summary>
    public void Stop()
    {
        _process?.Dispose();
        _process = null;
    }

    public void Dispose()
    {
        Stop();
        try
        {
            File.Delete(SocketPath); // when it is outside the directory
        }
        catch (IOException)
        {
            // disposed before: the directory is gone
        }

        Engines.DeleteQuietly(_directory);
    }
}
