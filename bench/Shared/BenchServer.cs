using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Radio.Bench;

/// <summary>
/// The real server (Release build) as a child process on a benchmark's data directory. Linked into each benchmark
/// project that needs it, so they start the server the same way.
/// </summary>
internal sealed class BenchServer : IDisposable
{
    private readonly Process _process;

    private BenchServer(Process process, Uri address) => (_process, Address) = (process, address);

    public Uri Address { get; }

    /// <summary>From the launch until <c>readyPath</c> first answered 200.</summary>
    public TimeSpan ReadyAfter { get; private set; }

    /// <summary>
    /// Builds and starts the server with the <paramref name="environment"/> on top of the data directory's, and waits
    /// until a GET of <paramref name="readyPath"/> answers 200; <paramref name="output"/> sees each line it prints.
    /// </summary>
    public static async Task<BenchServer> StartAsync(
        string dataDirectory, string readyPath, IReadOnlyDictionary<string, string>? environment = null, Action<string>? output = null)
    {
        var root = RepositoryRoot();
        var web = Path.Combine(root, "src", "Radio.Web");
        Run("dotnet", $"build \"{web}\" -c Release -v q -nologo", root);
        var binaries = Path.Combine(web, "bin", "Release", "net10.0");

        var address = new Uri($"http://127.0.0.1:{FreePort()}");
        var start = new ProcessStartInfo("dotnet", $"\"{Path.Combine(binaries, "Radio.Web.dll")}\"")
        {
            WorkingDirectory = binaries,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.Environment["ASPNETCORE_URLS"] = address.ToString();
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        start.Environment["Radio__DataDirectory"] = dataDirectory;
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[name] = value;
        }

        var launched = Stopwatch.GetTimestamp();
        var process = Process.Start(start) ?? throw new InvalidOperationException("The server did not start.");
        var server = new BenchServer(process, address);
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                output?.Invoke(e.Data);
            }
        };
        process.ErrorDataReceived += (_, e) =>
        {
            if (!string.IsNullOrEmpty(e.Data))
            {
                Console.Error.WriteLine("server: " + e.Data);
            }
        };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        using var http = new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromMinutes(2) };
        while (true)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"The server exited with {process.ExitCode}.");
            }

            try
            {
                using var response = await http.GetAsync(new Uri(readyPath, UriKind.Relative));
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    break;
                }
            }
            catch (HttpRequestException)
            {
                // not listening yet
            }

            await Task.Delay(100);
        }

        server.ReadyAfter = Stopwatch.GetElapsedTime(launched);
        return server;
    }

    public string MemoryReport()
    {
        _process.Refresh();
        return $"working set {_process.WorkingSet64 / (1024 * 1024)} MB, private {_process.PrivateMemorySize64 / (1024 * 1024)} MB";
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit();
        }

        _process.Dispose();
    }

    private static string RepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Radio.sln")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new InvalidOperationException("Run the benchmark from inside the repository.");
    }

    private static void Run(string file, string arguments, string directory)
    {
        using var process = Process.Start(new ProcessStartInfo(file, arguments) { WorkingDirectory = directory })
            ?? throw new InvalidOperationException($"Could not run {file}.");
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{file} {arguments} failed with {process.ExitCode}.");
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
