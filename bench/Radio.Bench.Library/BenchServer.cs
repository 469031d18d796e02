using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Radio.Bench.Library;

/// <summary>The real server (Release build) as a child process on the benchmark's data directory.</summary>
internal sealed class BenchServer : IDisposable
{
    private readonly Process _process;

    private BenchServer(Process process, Uri address)
    {
        _process = process;
        Address = address;
    }

    public Uri Address { get; }

    public TimeSpan ReadyAfter { get; private set; }

    public string IndexLine { get; private set; } = "(no index log line)";

    public static async Task<BenchServer> StartAsync(BenchOptions options)
    {
        var root = RepositoryRoot();
        var web = Path.Combine(root, "src", "Radio.Web");
        Run("dotnet", $"build \"{web}\" -c Release -v q -nologo", root);
        var output = Path.Combine(web, "bin", "Release", "net10.0");

        var port = FreePort();
        var address = new Uri($"http://127.0.0.1:{port}");
        var start = new ProcessStartInfo("dotnet", $"\"{Path.Combine(output, "Radio.Web.dll")}\"")
        {
            WorkingDirectory = output,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.Environment["ASPNETCORE_URLS"] = address.ToString();
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        start.Environment["Radio__DataDirectory"] = options.DataDirectory;
        var launched = Stopwatch.GetTimestamp();
        var process = Process.Start(start) ?? throw new InvalidOperationException("The server did not start.");
        var server = new BenchServer(process, address);
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data?.Contains("Search index", StringComparison.Ordinal) == true)
            {
                server.IndexLine = e.Data;
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
                // a search answers only once the index has loaded
                using var response = await http.GetAsync(new Uri("/songs?q=zzzz&limit=1", UriKind.Relative));
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    break;
                }
            }
            catch (HttpRequestException)
            {
                await Task.Delay(100);
            }
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
