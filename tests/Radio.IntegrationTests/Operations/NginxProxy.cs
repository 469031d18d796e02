using System.Diagnostics;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Radio.IntegrationTests.Infrastructure;
using Radio.TestData.Engines;

namespace Radio.IntegrationTests.Operations;

/// <summary>
/// Debian's nginx (<see cref="NginxServer"/>), run with the README's configuration (<c>deploy/nginx.conf</c>, its
/// placeholders filled in) on a free loopback port with a self-signed certificate, in front of a
/// <see cref="ProxiedStationApp"/>; everything it writes stays in temporary directories. nginx is installed with
/// apt-get when missing (as .ci/run does).
/// </summary>
public sealed class NginxProxy : IAsyncLifetime, IDisposable
{
    private readonly string _certificates = Engines.PrivateDirectory("nginx-certificates");
    private NginxServer? _nginx;

    public ProxiedStationApp Radio { get; } = new();

    public X509Certificate2 Certificate { get; } = SelfSigned();

    public Uri Address { get; private set; } = null!;

    /// <summary>Whether nginx is there, or can be installed here.</summary>
    public static bool CanRun =>
        OperatingSystem.IsLinux() && (File.Exists(NginxServer.Executable) || (Environment.UserName == "root" && File.Exists("/usr/bin/apt-get")));

    /// <summary>A client of nginx that connects from <paramref name="local"/>.</summary>
    public HttpClient CreateClientFrom(string local) => LoopbackClients.CreateClientFrom(Address, local, Certificate);

    public async Task InitializeAsync()
    {
        if (!OperatingSystem.IsLinux() || !CanRun)
        {
            return; // every test is skipped
        }

        if (!File.Exists(NginxServer.Executable))
        {
            await RunAsync("sh", "-c \"apt-get update -qq && apt-get install -y -qq nginx\"", ("DEBIAN_FRONTEND", "noninteractive"));
        }

        await Radio.InitializeAsync();
        using var radio = Radio.CreateClient();
        var certificate = Path.Combine(_certificates, "radio.crt");
        var key = Path.Combine(_certificates, "radio.key");
        await File.WriteAllTextAsync(certificate, Certificate.ExportCertificatePem());
        using (var rsa = Certificate.GetRSAPrivateKey()!)
        {
            await File.WriteAllTextAsync(key, rsa.ExportPkcs8PrivateKeyPem());
        }

        var site = await File.ReadAllTextAsync(Path.Combine(RepositoryRoot(), "deploy", "nginx.conf"));
        _nginx = new NginxServer(port => site
            .Replace("${LISTEN}", $"127.0.0.1:{port}", StringComparison.Ordinal)
            .Replace("${RADIO}", $"127.0.0.1:{radio.BaseAddress!.Port}", StringComparison.Ordinal)
            .Replace("${CERTIFICATE}", certificate, StringComparison.Ordinal)
            .Replace("${CERTIFICATE_KEY}", key, StringComparison.Ordinal));
        Address = new Uri($"https://127.0.0.1:{_nginx.Port}");
    }

    public async Task DisposeAsync()
    {
        Dispose();
        await Radio.DisposeAsync();
        Certificate.Dispose();
        Engines.DeleteQuietly(_certificates);
    }

    /// <summary>Stops nginx (again, harmlessly, after <see cref="DisposeAsync"/>).</summary>
    public void Dispose() => _nginx?.Dispose();

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
