using System.Diagnostics;
using System.Net;

namespace Radio.TestData.Engines;

/// <summary>
/// One Radio instance as an operator runs it: <c>dotnet Radio.Web.dll</c> from Radio.Web's build output, configured
/// by environment variables only, on its own loopback port and data directory. Its output goes to a log file next to
/// the data directory; it is noted as an engine is (<see cref="EngineProcess.Note"/>), so a later run ends it if this
/// test host crashed.
/// </summary>
public sealed class RadioProcess : IDisposable
{
    private readonly IReadOnlyDictionary<string, string> _environment;
    private readonly string _directory;
    private Process? _process;

    public RadioProcess(string name, string clusterDirectory, IReadOnlyDictionary<string, string> environment)
    {
        Name = name;
        Port = Engines.FreePort();
        _directory = Path.Combine(clusterDirectory, name);
        Directory.CreateDirectory(_directory);
        _environment = environment;
    }

    public string Name { get; }

    public int Port { get; }

    public Uri BaseAddress => new($"http://127.0.0.1:{Port}");

    public string LogPath => Path.Combine(_directory, "output.log");

    public int ProcessId => _process?.Id ?? 0;

    public bool Running => _process is { HasExited: false };

    /// <summary>Where the build put Radio.Web, in the configuration these tests were built in.</summary>
    public static string WebAssembly { get; } = FindWebAssembly();

    public void Start()
    {
        // the shell only redirects and then becomes dotnet: the pid is the instance's own, and its output goes to a
        // file, not a pipe that would break if this test host died first
        var start = new ProcessStartInfo("/bin/sh") { UseShellExecute = false, WorkingDirectory = Path.GetDirectoryName(WebAssembly)! };
        foreach (var argument in new[] { "-c", "exec dotnet \"$0\" >>\"$1\" 2>&1", WebAssembly, LogPath })
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["ASPNETCORE_URLS"] = $"http://127.0.0.1:{Port}";
        start.Environment["Radio__DataDirectory"] = Path.Combine(_directory, "data");
        foreach (var (key, value) in _environment)
        {
            start.Environment[key] = value;
        }

        _process = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start");
        EngineProcess.Note(_process.Id, "Radio.Web.dll");
    }

    /// <summary>Waits for <c>/health/ready</c>: migrated, connected to Redis, its search index loaded.</summary>
    public async Task WaitReadyAsync(TimeSpan within)
    {
        using var client = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(5) };
        var waited = Stopwatch.StartNew();
        var last = "no answer";
        while (waited.Elapsed < within)
        {
            if (!Running)
            {
                throw new InvalidOperationException($"{Name} exited before it was ready:\n{Tail()}");
            }

            try
            {
                using var response = await client.GetAsync(new Uri("/health/ready", UriKind.Relative));
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return;
                }

                last = response.StatusCode.ToString();
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                last = e.Message;
            }

            await Task.Delay(100);
        }

        throw new TimeoutException($"{Name} was not ready within {within} ({last}):\n{Tail()}");
    }

    /// <summary>Starts a killed instance again on its port and data directory (the next test waits until it is ready).</summary>
    public void Restart()
    {
        Kill();
        _process?.Dispose();
        Start();
    }

    /// <summary><c>kill -9</c>: no shutdown runs, nothing is flushed.</summary>
    public void Kill()
    {
        if (Running)
        {
            _process!.Kill();
            _process.WaitForExit();
        }

        if (_process is not null)
        {
            EngineProcess.Forget(_process.Id);
        }
    }

    /// <summary>The end of the instance's log, for a failure's message.</summary>
    public string Tail(int lines = 60)
    {
        if (!File.Exists(LogPath))
        {
            return "(no output)";
        }

        using var stream = new FileStream(LogPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        using var reader = new StreamReader(stream);
        var all = reader.ReadToEnd().Split('\n');
        return string.Join('\n', all.TakeLast(lines));
    }

    public void Dispose()
    {
        Kill();
        _process?.Dispose();
    }

    private static string FindWebAssembly()
    {
#if DEBUG
        const string Configuration = "Debug";
#else
        const string Configuration = "Release";
#endif
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            var candidate = Path.Combine(directory.FullName, "src", "Radio.Web", "bin", Configuration, "net10.0", "Radio.Web.dll");
            if (File.Exists(Path.Combine(directory.FullName, "Radio.sln")))
            {
                return File.Exists(candidate) ? candidate : throw new InvalidOperationException($"Radio.Web is not built: {candidate}");
            }
        }

        throw new InvalidOperationException("The tests run outside the repository: Radio.Web's build output is not found.");
    }
}
