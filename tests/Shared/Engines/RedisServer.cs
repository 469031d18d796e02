using System.Diagnostics;
using System.Net.Sockets;

namespace Radio.TestData.Engines;

/// <summary>
/// A private Redis server from Debian's <c>redis-server</c> on a free loopback port, with no persistence. It can be
/// stopped and started again on the same port, as an outage and a recovery.
/// </summary>
public sealed class RedisServer : IDisposable
{
    private static readonly Lazy<RedisServer> Shared = new(() => new RedisServer());
    private readonly string _directory = Engines.PrivateDirectory("redis");
    private Process? _process;

    public RedisServer()
    {
        Port = Engines.FreePort();
        Start();
        AppDomain.CurrentDomain.ProcessExit += (_, _) => Dispose();
    }

    /// <summary>One server for tests that only need one to exist; a test that stops it makes its own.</summary>
    public static RedisServer Instance => Shared.Value;

    public int Port { get; }

    /// <summary>A StackExchange.Redis configuration string; <c>abortConnect=false</c> as the server is configured.</summary>
    public string ConnectionString => $"127.0.0.1:{Port},abortConnect=false";

    public void Start()
    {
        var start = new ProcessStartInfo("redis-server")
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in new[]
                 {
                     "--port", Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--bind", "127.0.0.1",
                     "--save", "", "--appendonly", "no", "--dir", _directory, "--protected-mode", "no",
                 })
        {
            start.ArgumentList.Add(argument);
        }

        _process = Process.Start(start) ?? throw new InvalidOperationException("redis-server did not start: apt-get install redis-server");
        _process.OutputDataReceived += (_, _) => { };
        _process.ErrorDataReceived += (_, _) => { };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        WaitUntilListening();
    }

    /// <summary>Kills the server at once, as a crash: clients see their connections drop.</summary>
    public void Stop()
    {
        if (_process is { HasExited: false } process)
        {
            process.Kill();
            process.WaitForExit();
        }

        _process?.Dispose();
        _process = null;
    }

    public void Dispose()
    {
        Stop();
        Engines.DeleteQuietly(_directory);
    }

    private void WaitUntilListening()
    {
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            try
            {
                using var client = new TcpClient();
                client.Connect("127.0.0.1", Port);
                return;
            }
            catch (SocketException) when (deadline.Elapsed < TimeSpan.FromSeconds(20) && _process is { HasExited: false })
            {
                Thread.Sleep(20);
            }
        }
    }
}
