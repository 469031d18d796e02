using System.Diagnostics;
using System.Net.Sockets;

namespace Radio.TestData.Engines;

/// <summary>A server process a fixture runs in the foreground: started, listening on its port, killed at once as a crash.</summary>
public sealed class EngineProcess : IDisposable
{
    private readonly Process _process;

    private EngineProcess(Process process) => _process = process;

    /// <summary>Starts <paramref name="file"/> and returns once it accepts connections on <paramref name="port"/>.</summary>
    public static EngineProcess Start(string file, string package, int port, params string[] arguments)
    {
        var start = new ProcessStartInfo(file) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException($"{file} did not start: apt-get install {package}");
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var engine = new EngineProcess(process);
        engine.WaitUntilListening(port);
        return engine;
    }

    /// <summary>Kills the server at once: its clients see their connections drop.</summary>
    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
            _process.WaitForExit();
        }

        _process.Dispose();
    }

    private void WaitUntilListening(int port)
    {
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            try
            {
                using var client = new TcpClient();
                client.Connect("127.0.0.1", port);
                return;
            }
            catch (SocketException) when (deadline.Elapsed < TimeSpan.FromSeconds(20) && !_process.HasExited)
            {
                Thread.Sleep(20);
            }
        }
    }
}
