using System.Diagnostics;
using System.Net.Sockets;

namespace Radio.TestData.Engines;

/// <summary>
/// A server process a fixture runs in the foreground: started, listening on its port, killed at once as a crash.
/// Each is noted in a file while it runs, so the first engine a later test host starts ends the ones a crashed host left.
/// </summary>
public sealed class EngineProcess : IDisposable
{
    private static readonly string Running = Path.Combine(Engines.Root, "running");
    private static readonly Lazy<bool> Swept = new(SweepOrphans);
    private readonly Process _process;
    private bool _disposed;

    private EngineProcess(Process process) => _process = process;

    /// <summary>Starts <paramref name="file"/> and returns once it accepts connections on <paramref name="port"/>.</summary>
    public static EngineProcess Start(string file, string package, int port, params string[] arguments)
    {
        var start = new ProcessStartInfo(file) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        _ = Swept.Value;
        var process = Process.Start(start) ?? throw new InvalidOperationException($"{file} did not start: apt-get install {package}");
        Note(process.Id, Path.GetFileName(file));
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var engine = new EngineProcess(process);
        engine.WaitUntilListening(port);
        return engine;
    }

    /// <summary>Kills the server at once, with any worker it started: its clients see their connections drop.</summary>
    public void Dispose()
    {
        // a fixture disposes it when done and again when its process exits
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit();
        }

        Forget(_process.Id);
        _process.Dispose();
    }

    /// <summary>Notes a process this test host started, whose command line contains <paramref name="command"/>.</summary>
    public static void Note(int processId, string command)
    {
        Directory.CreateDirectory(Running);
        File.WriteAllText(Path.Combine(Running, $"{Environment.ProcessId}-{processId}"), command);
    }

    /// <summary>Forgets a process that has ended.</summary>
    public static void Forget(int processId) => File.Delete(Path.Combine(Running, $"{Environment.ProcessId}-{processId}"));

    /// <summary>Kills the noted processes whose test host is gone, if they still run the command noted (ids are reused).</summary>
    private static bool SweepOrphans()
    {
        foreach (var note in Directory.Exists(Running) ? Directory.GetFiles(Running) : [])
        {
            var ids = Path.GetFileName(note).Split('-');
            if (ids.Length != 2 || Directory.Exists($"/proc/{ids[0]}"))
            {
                continue;
            }

            var cmdline = $"/proc/{ids[1]}/cmdline";
            if (File.Exists(cmdline) && File.ReadAllText(cmdline).Contains(File.ReadAllText(note), StringComparison.Ordinal))
            {
                using var orphan = Process.GetProcessById(int.Parse(ids[1], System.Globalization.CultureInfo.InvariantCulture));
                orphan.Kill();
            }

            File.Delete(note);
        }

        return true;
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
