using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Radio.IntegrationTests.Infrastructure;

namespace Radio.IntegrationTests.Operations;

/// <summary>
/// Debian's nginx, run with the README's configuration (<c>deploy/nginx.conf</c>, its placeholders filled in) on a
/// free loopback port with a self-signed certificate, in front of a <see cref="ProxiedStationApp"/>; everything it
/// writes stays in a temporary directory. nginx is installed with apt-get when missing (as .ci/run does).
/// </summary>
public sealed class NginxProxy : IAsyncLifetime
{
    public const string Executable = "/usr/sbin/nginx";

    private readonly string _directory = Path.Combine(Path.GetTempPath(), "radio-tests", $"nginx-{Guid.NewGuid():N}");
    private Process? _nginx;

    public ProxiedStationApp Radio { get; } = new();

    public X509Certificate2 Certificate { get; } = SelfSigned();

    public Uri Address { get; private set; } = null!;

    /// <summary>Whether nginx is there, or can be installed here.</summary>
    public static bool CanRun =>
        OperatingSystem.IsLinux() && (File.Exists(Executable) || (Environment.UserName == "root" && File.Exists("/usr/bin/apt-get")));

    /// <summary>A client of nginx that connects from <paramref name="local"/>.</summary>
    public HttpClient CreateClientFrom(string local) => LoopbackClients.CreateClientFrom(Address, local, Certificate);

    public async Task InitializeAsync()
    {
        if (!OperatingSystem.IsLinux() || !CanRun)
        {
            return; // every test is skipped
        }

        if (!File.Exists(Executable))
        {
            await RunAsync("sh", "-c \"apt-get update -qq && apt-get install -y -qq nginx\"", ("DEBIAN_FRONTEND", "noninteractive"));
        }

        await Radio.InitializeAsync();
        using var radio = Radio.CreateClient();
        Directory.CreateDirectory(_directory);
        File.SetUnixFileMode(_directory, (UnixFileMode)0b111_101_101); // nginx's workers create their temp files below it
        var port = FreePort();
        Address = new Uri($"https://127.0.0.1:{port}");

        var certificate = Path.Combine(_directory, "radio.crt");
        var key = Path.Combine(_directory, "radio.key");
        await File.WriteAllTextAsync(certificate, Certificate.ExportCertificatePem());
        using (var rsa = Certificate.GetRSAPrivateKey()!)
        {
            await File.WriteAllTextAsync(key, rsa.ExportPkcs8PrivateKeyPem());
        }

        var site = (await File.ReadAllTextAsync(Path.Combine(RepositoryRoot(), "deploy", "nginx.conf")))
            .Replace("${LISTEN}", $"127.0.0.1:{port}", StringComparison.Ordinal)
            .Replace("${RADIO}", $"127.0.0.1:{radio.BaseAddress!.Port}", StringComparison.Ordinal)
            .Replace("${CERTIFICATE}", certificate, StringComparison.Ordinal)
            .Replace("${CERTIFICATE_KEY}", key, StringComparison.Ordinal);
        await File.WriteAllTextAsync(Path.Combine(_directory, "radio.conf"), site);
        await File.WriteAllTextAsync(Path.Combine(_directory, "nginx.conf"), MainConfiguration(_directory));

        _nginx = Process.Start(new ProcessStartInfo(Executable)
        {
            ArgumentList = { "-e", "stderr", "-p", _directory, "-c", Path.Combine(_directory, "nginx.conf") },
            RedirectStandardError = true,
            RedirectStandardOutput = true,
        })!;
        await WaitForPortAsync(port);
    }

    public async Task DisposeAsync()
    {
        if (_nginx is { HasExited: false })
        {
            _nginx.Kill(entireProcessTree: true); // its master and the workers it started
            await _nginx.WaitForExitAsync();
        }

        _nginx?.Dispose();
        await Radio.DisposeAsync();
        Certificate.Dispose();
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // best effort: a temp directory left behind is harmless
        }
    }

    /// <summary>nginx's main configuration around the site: in the foreground, with every file in the directory.</summary>
    private static string MainConfiguration(string directory) => $$"""
        daemon off;
        worker_processes 1;
        pid {{directory}}/nginx.pid;
        error_log stderr warn;
        events { worker_connections 256; }
        http {
            access_log off;
            client_body_temp_path {{directory}}/client_body;
            proxy_temp_path {{directory}}/proxy;
            fastcgi_temp_path {{directory}}/fastcgi;
            uwsgi_temp_path {{directory}}/uwsgi;
            scgi_temp_path {{directory}}/scgi;
            include {{directory}}/radio.conf;
        }
        """;

    private async Task WaitForPortAsync(int port)
    {
        for (var attempt = 0; attempt < 100; attempt++)
        {
            if (_nginx!.HasExited)
            {
                throw new InvalidOperationException($"nginx exited: {await _nginx.StandardError.ReadToEndAsync()}");
            }

            using var probe = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            try
            {
                await probe.ConnectAsync(IPAddress.Loopback, port);
                return;
            }
            catch (SocketException)
            {
                await Task.Delay(100);
            }
        }

        throw new InvalidOperationException("nginx did not start listening within 10 s.");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static X509Certificate2 SelfSigned()
    {
        using var rsa = RSA.Create(2048);
        var request = new CertificateRequest("CN=radio.example.com", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var now = TimeProvider.System.GetUtcNow();
        return request.CreateSelfSigned(now.AddMinutes(-5), now.AddDays(1));
    }

    private static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Radio.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("The tests run outside the repository: deploy/nginx.conf is not found.");
    }

    private static async Task RunAsync(string file, string arguments, (string Name, string Value) environment)
    {
        using var process = Process.Start(new ProcessStartInfo(file, arguments)
        {
            Environment = { [environment.Name] = environment.Value },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        })!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{file} {arguments} failed: {await output}{await errors}");
        }
    }
}
