// Upload memory benchmark: starts the real server (Release build, fresh temp data directory), uploads a 40 MB MP3
// generated on the fly and streamed (never held), and reports how much the server process's resident memory grew.
// Linux only: memory is read from /proc/<pid>/status (VmRSS sampled every 10 ms, VmHWM as the kernel's peak).
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Net.Sockets;
using Radio.TestData;

const long UploadBytes = 40L * 1024 * 1024;
const long WarmUpBytes = 2L * 1024 * 1024;
var repo = FindRepoRoot();
var dataDirectory = Path.Combine(Path.GetTempPath(), "radio-bench", Guid.NewGuid().ToString("N"));
var port = FreePort();

Console.WriteLine("building the server (Release)…");
Run("dotnet", $"build -c Release -v q --nologo \"{Path.Combine(repo, "src", "Radio.Web")}\"");
var serverDll = Path.Combine(repo, "src", "Radio.Web", "bin", "Release", "net10.0", "Radio.Web.dll");

var start = new ProcessStartInfo("dotnet", $"\"{serverDll}\"")
{
    RedirectStandardOutput = true,
    RedirectStandardError = true,
    WorkingDirectory = Path.GetDirectoryName(serverDll)!,
};
start.Environment["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}";
start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
start.Environment["Radio__DataDirectory"] = dataDirectory;
start.Environment["Radio__RateLimiting__AuthPerMinute"] = "1000";
start.Environment["Serilog__MinimumLevel__Default"] = "Warning";
using var server = Process.Start(start)!;
server.OutputDataReceived += (_, _) => { };
server.ErrorDataReceived += (_, _) => { };
server.BeginOutputReadLine();
server.BeginErrorReadLine();

try
{
    using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromMinutes(5) };
    await WaitUntilReadyAsync(http);
    var register = await http.PostAsJsonAsync("/auth/register", new { username = "bench_artist", password = "password123", artist_name = "Bench" });
    register.EnsureSuccessStatusCode();
    var token = (await register.Content.ReadFromJsonAsync<TokenBody>())!.Token;
    http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);

    await Task.Delay(1000);
    var fresh = Memory(server.Id);

    // one small upload first, so start-up costs (JIT, EF model, first query) are not counted as upload memory
    await UploadAsync(http, WarmUpBytes);
    await Task.Delay(1000);

    var before = Memory(server.Id);
    using var sampling = new CancellationTokenSource();
    var peakRss = before.Rss;
    var sampler = Task.Run(async () =>
    {
        while (!sampling.IsCancellationRequested)
        {
            peakRss = Math.Max(peakRss, Memory(server.Id).Rss);
            await Task.Delay(10, CancellationToken.None);
        }
    });
    var stopwatch = Stopwatch.StartNew();
    var (status, body) = await UploadAsync(http, UploadBytes);
    stopwatch.Stop();
    await sampling.CancelAsync();
    await sampler;
    var after = Memory(server.Id);

    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"""
        upload: {UploadBytes / 1024 / 1024} MB MP3 streamed (chunked) -> HTTP {(int)status} in {stopwatch.Elapsed.TotalSeconds:F1} s
        response: {body}
        server VmRSS after start-up, before any upload: {Mb(fresh.Rss)} MB ({Mb(before.Rss - fresh.Rss)} MB more after the {WarmUpBytes / 1024 / 1024} MB warm-up upload)
        server VmRSS before: {Mb(before.Rss)} MB, peak during: {Mb(peakRss)} MB, after: {Mb(after.Rss)} MB
        server VmHWM before: {Mb(before.Hwm)} MB, after: {Mb(after.Hwm)} MB
        growth during the upload: {Mb(peakRss - before.Rss)} MB (sampled VmRSS peak), {Mb(after.Hwm - before.Hwm)} MB (VmHWM); target < 16 MB
        """));
    return status == HttpStatusCode.Created && peakRss - before.Rss < 16 * 1024 * 1024 ? 0 : 1;
}
finally
{
    server.Kill(entireProcessTree: true);
    await server.WaitForExitAsync();
    Directory.Delete(dataDirectory, recursive: true);
}

static async Task<(HttpStatusCode Status, string Body)> UploadAsync(HttpClient http, long audioBytes)
{
    using var form = new MultipartFormDataContent();
    form.Add(new StringContent("Benchmark"), "title");
    form.Add(new GeneratedMp3Content(audioBytes), "file", "bench.mp3");
    using var response = await http.PostAsync("/songs/upload", form);
    return (response.StatusCode, await response.Content.ReadAsStringAsync());
}

static string Mb(long bytes) => (bytes / 1024.0 / 1024.0).ToString("F1", CultureInfo.InvariantCulture);

static (long Rss, long Hwm) Memory(int pid)
{
    long Field(string[] lines, string name) => long.Parse(
        lines.First(l => l.StartsWith(name, StringComparison.Ordinal))[name.Length..].Trim().Split(' ')[0],
        CultureInfo.InvariantCulture) * 1024;
    var status = File.ReadAllLines($"/proc/{pid}/status");
    return (Field(status, "VmRSS:"), Field(status, "VmHWM:"));
}

static async Task WaitUntilReadyAsync(HttpClient http)
{
    for (var attempt = 0; attempt < 300; attempt++)
    {
        try
        {
            if ((await http.GetAsync("/health/ready")).IsSuccessStatusCode)
            {
                return;
            }
        }
        catch (HttpRequestException)
        {
            // not listening yet
        }

        await Task.Delay(100);
    }

    throw new TimeoutException("The server did not become ready.");
}

static void Run(string file, string arguments)
{
    using var process = Process.Start(new ProcessStartInfo(file, arguments))!;
    process.WaitForExit();
    if (process.ExitCode != 0)
    {
        throw new InvalidOperationException($"{file} {arguments} failed.");
    }
}

static int FreePort()
{
    using var listener = new TcpListener(IPAddress.Loopback, 0);
    listener.Start();
    return ((IPEndPoint)listener.LocalEndpoint).Port;
}

static string FindRepoRoot()
{
    for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
    {
        if (File.Exists(Path.Combine(dir.FullName, "Radio.sln")))
        {
            return dir.FullName;
        }
    }

    throw new InvalidOperationException("Run the benchmark from inside the repository.");
}

/// <summary>MP3 frames written straight onto the request stream as they are generated: nothing is held.</summary>
internal sealed class GeneratedMp3Content(long minimumBytes) : HttpContent
{
    protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context)
    {
        Mp3Writer.WriteLarge(stream, minimumBytes);
        return Task.CompletedTask;
    }

    protected override bool TryComputeLength(out long length)
    {
        length = 0;
        return false;
    }
}

internal sealed record TokenBody(string Token);
