using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Radio.Bench.Stats;

/// <summary>The real server (Release build) as a child process on the benchmark's data directory.</summary>
internal sealed class BenchServer : IDisposable
{
    public const string AdminUsername = "bench-admin";
    public const string AdminPassword = "bench-admin-password";

    private readonly Process _process;

    private BenchServer(Process process, Uri address) => (_process, Address) = (process, address);

    public Uri Address { get; }

    public static async Task<BenchServer> StartAsync(BenchOptions options)
    {
        var root = RepositoryRoot();
        var web = Path.Combine(root, "src", "Radio.Web");
        Run("dotnet", $"build \"{web}\" -c Release -v q -nologo", root);
        var output = Path.Combine(web, "bin", "Release", "net10.0");

        var address = new Uri($"http://127.0.0.1:{FreePort()}");
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
        start.Environment["Radio__Admin__Username"] = AdminUsername;
        start.Environment["Radio__Admin__Password"] = AdminPassword;
        start.Environment["Radio__RateLimiting__AuthPerMinute"] = "100000";
        var process = Process.Start(start) ?? throw new InvalidOperationException("The server did not start.");
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, e) =>
        {
            if (!string.IsNullOrEmpty(e.Data))
            {
                Console.Error.WriteLine("server: " + e.Data);
            }
        };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        using var http = new HttpClient { BaseAddress = address };
        while (true)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"The server exited with {process.ExitCode}.");
            }

            try
            {
                using var response = await http.GetAsync(new Uri("/health/ready", UriKind.Relative));
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

        return new BenchServer(process, address);
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
