// Heartbeat load benchmark: the real server on Kestrel (127.0.0.1), 10,000 signed-in listeners, real HTTP.
//   dotnet run -c Release --project bench/Radio.Bench.Heartbeat -- [--wrk] [--renditions=N] [listeners] [seconds] [connections,...]
// --renditions=N measures 64 connections once more while ffmpeg renders N three-minute songs (issue 17).
// --wrk drives the load with wrk (apt-get install wrk) instead of HttpClient; either way it shares the machine.
// --proxy [listeners] [seconds]: heartbeats/s without, then with forwarded headers and CORS configured, twice (issue 11).
// --instances [--wrk] [--wrk-threads=N] [--rate=R] [--warm-up=S] [--rounds=N] [--direct] [--round-robin] [--one-with-redis] [--redis-socket] [--instance-env=NAME=VALUE]
//   [--pair-env=NAME=VALUE] [listeners] [seconds] (options: BenchInstances.cs): through nginx, one
// Radio.Web process in memory, then two + Redis, on a private PostgreSQL: heartbeats/s at max rate, their ratio, p99 at
// 64 connections at max rate and open loop at R heartbeats/s offered, Redis round trips per heartbeat (issue 12).
// --forged=N: N token-less heartbeats with made-up cookies; the server's RSS as they arrive (issue 11).
// --listens [listeners] [seconds]: heartbeats/s with listens off (no station), then on (a 20 s song on the air), twice (issue 14).
using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Radio.Domain.Accounts;
using Radio.Domain.Listening;
using Radio.Infrastructure.Persistence;

namespace Radio.Bench.Heartbeat;

internal static partial class HeartbeatBench
{
    private static long s_writeStatements;
    private static long s_writtenTotals;

    public static async Task<int> Main(string[] args)
    {
        if (args.Contains("--instances"))
        {
            return await InstanceRuns.CompareAsync(args);
        }

        if (args.Contains("--proxy"))
        {
            return await AbuseRuns.CompareProxyAsync(args);
        }

        if (args.Contains("--listens"))
        {
            return await ListenRuns.CompareAsync(args);
        }

        if (args.FirstOrDefault(a => a.StartsWith("--forged=", StringComparison.Ordinal)) is { } forged)
        {
            return await AbuseRuns.ForgedCookiesAsync(int.Parse(forged["--forged=".Length..], CultureInfo.InvariantCulture));
        }

        var useWrk = args.Contains("--wrk");
        var positional = args.Where(a => !a.StartsWith("--", StringComparison.Ordinal)).ToArray();
        var listeners = positional.Length > 0 ? int.Parse(positional[0], CultureInfo.InvariantCulture) : 10_000;
        var seconds = positional.Length > 1 ? int.Parse(positional[1], CultureInfo.InvariantCulture) : 30;
        int[] connectionCounts = positional.Length > 2
            ? [.. positional[2].Split(',').Select(c => int.Parse(c, CultureInfo.InvariantCulture))]
            : [64, 256];

        var dataDirectory = Path.Combine(Path.GetTempPath(), "radio-bench", Guid.NewGuid().ToString("N"));
        Environment.SetEnvironmentVariable("ASPNETCORE_TEST_CONTENTROOT_RADIO_WEB", FindWebProject());
        await using var server = new BenchServer(dataDirectory);
        server.UseKestrel(0);
        server.StartServer();
        var address = server.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First()
            .Replace("localhost", "127.0.0.1", StringComparison.Ordinal);
        Console.WriteLine(Invariant(
            $"server {address}; {Environment.ProcessorCount} cores; .NET {Environment.Version}; {listeners} listeners; {seconds} s per run; load by {(useWrk ? "wrk" : "HttpClient")}"));

        // Accounts are inserted directly and tokens issued in-process: 10,000 PBKDF2 registrations would take minutes
        // and measure the password hash, not the heartbeat.
        var tokens = await SeedListenersAsync(server.Services, listeners);
        var connectTime = TimeProvider.System.GetUtcNow();
        using var meters = ListenToWrites();

        // ramp-up: every listener's first heartbeat starts a session and reads their stored total once
        var ramp = await RunHttpClientAsync(address, tokens, connectTime, 64, requests: listeners, durationSeconds: 600);
        Report("ramp-up", 64, ramp, listeners);

        foreach (var connections in connectionCounts)
        {
            var result = useWrk
                ? await RunWrkAsync(address, tokens, connectTime, connections, seconds, dataDirectory)
                : await RunHttpClientAsync(address, tokens, connectTime, connections, requests: long.MaxValue, seconds);
            Report("measured", connections, result, listeners);
        }

        if (args.FirstOrDefault(a => a.StartsWith("--renditions=", StringComparison.Ordinal)) is { } renditions)
        {
            var songs = int.Parse(renditions["--renditions=".Length..], CultureInfo.InvariantCulture);
            var cpuBefore = RenditionLoad.ChildrenCpuSeconds();
            await RenditionLoad.AddSongsAsync(server.Services, dataDirectory, songs);
            var rendering = await RunHttpClientAsync(address, tokens, connectTime, 64, requests: long.MaxValue, seconds);
            Report("rendering", 64, rendering, listeners);
            Console.WriteLine($"renditions after the run: {await RenditionLoad.StatesAsync(server.Services)}");
            var idle = Stopwatch.StartNew();
            while (idle.Elapsed < TimeSpan.FromMinutes(3) && !(await RenditionLoad.StatesAsync(server.Services)).Contains("waiting 0, working 0", StringComparison.Ordinal))
            {
                await Task.Delay(1000);
            }

            Console.WriteLine($"renditions {idle.Elapsed.TotalSeconds:F0} s later, without load: {await RenditionLoad.StatesAsync(server.Services)}");
            var cpu = RenditionLoad.ChildrenCpuSeconds() - cpuBefore - RenditionLoad.GeneratorCpuSeconds;
            Console.WriteLine(Invariant($"rendition CPU: {cpu:F1} s for {songs} songs of 180 s = {cpu / (songs * 3.0):F2} s per minute of audio (target <= 1.5)"));
        }

        MeasureSessionMemory(server.Services);

        // a graceful stop writes every listener's pending credit (the shutdown flush)
        var stopping = Stopwatch.StartNew();
        var (statementsBefore, totalsBefore) = (Interlocked.Read(ref s_writeStatements), Interlocked.Read(ref s_writtenTotals));
        await server.Services.GetRequiredService<IHost>().StopAsync();
        Console.WriteLine(Invariant(
            $"shutdown: {stopping.Elapsed.TotalMilliseconds:F0} ms, {Interlocked.Read(ref s_writtenTotals) - totalsBefore} user totals written in {Interlocked.Read(ref s_writeStatements) - statementsBefore} statements"));
        return 0;
    }

    internal sealed record RunResult(double RequestsPerSecond, double P50Ms, double P99Ms, long Failures, double Seconds, long Statements, long Totals);

    // decorate changes each request (its number given): other headers, no token
    internal static async Task<RunResult> RunHttpClientAsync(
        string address, string[] tokens, DateTimeOffset connectTime, int connections, long requests, int durationSeconds,
        Action<HttpRequestMessage, long>? decorate = null)
    {
        using var handler = new SocketsHttpHandler
        {
            MaxConnectionsPerServer = connections,
            PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
            UseCookies = false,
        };
        using var client = new HttpClient(handler) { BaseAddress = new Uri(address) };
        var (statements, totals) = (Interlocked.Read(ref s_writeStatements), Interlocked.Read(ref s_writtenTotals));
        long next = -1;
        long failures = 0;
        var started = Stopwatch.GetTimestamp();
        var stopAt = started + (long)(durationSeconds * (double)Stopwatch.Frequency);
        var workers = Enumerable.Range(0, connections).Select(async _ =>
        {
            var latencies = new List<long>(1 << 16);
            long n;
            while ((n = Interlocked.Increment(ref next)) < requests && Stopwatch.GetTimestamp() < stopAt)
            {
                var played = (TimeProvider.System.GetUtcNow() - connectTime).TotalSeconds;
                using var request = new HttpRequestMessage(HttpMethod.Post, "/api/heartbeat")
                {
                    Content = new StringContent(Invariant(
                        $"{{\"connect_time\":\"{connectTime:O}\",\"played_seconds\":{played:F3}}}"), Encoding.UTF8, "application/json"),
                };
                if (tokens.Length > 0)
                {
                    request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", tokens[n % tokens.Length]);
                }

                decorate?.Invoke(request, n);
                var begin = Stopwatch.GetTimestamp();
                using var response = await client.SendAsync(request);
                await response.Content.LoadIntoBufferAsync();
                latencies.Add(Stopwatch.GetTimestamp() - begin);
                if (response.StatusCode != HttpStatusCode.OK)
                {
                    Interlocked.Increment(ref failures);
                }
            }

            return latencies;
        }).ToList();
        var all = (await Task.WhenAll(workers)).SelectMany(l => l).Order().ToArray();
        var elapsed = Stopwatch.GetElapsedTime(started).TotalSeconds;
        return new RunResult(all.Length / elapsed, Ms(all, 0.50), Ms(all, 0.99), failures, elapsed,
            Interlocked.Read(ref s_writeStatements) - statements, Interlocked.Read(ref s_writtenTotals) - totals);
    }

    internal static async Task<RunResult> RunWrkAsync(
        string address, string[] tokens, DateTimeOffset connectTime, int connections, int durationSeconds, string workDirectory, int threads = 2)
    {
        var tokenFile = Path.Combine(workDirectory, "tokens.txt");
        await File.WriteAllLinesAsync(tokenFile, tokens);
        var start = new ProcessStartInfo("wrk")
        {
            ArgumentList =
            {
                Invariant($"-t{threads}"), Invariant($"-c{connections}"), Invariant($"-d{durationSeconds}s"), "--latency",
                "-s", Path.Combine(AppContext.BaseDirectory, "heartbeat.lua"), address,
            },
            RedirectStandardOutput = true,
            Environment =
            {
                ["BENCH_TOKENS"] = tokenFile,
                ["BENCH_CONNECT"] = connectTime.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
                ["BENCH_START"] = connectTime.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture),
            },
        };
        var (statements, totals) = (Interlocked.Read(ref s_writeStatements), Interlocked.Read(ref s_writtenTotals));
        var started = Stopwatch.GetTimestamp();
        using var wrk = Process.Start(start)!;
        var output = await wrk.StandardOutput.ReadToEndAsync();
        await wrk.WaitForExitAsync();
        var elapsed = Stopwatch.GetElapsedTime(started).TotalSeconds;
        var rps = double.Parse(RequestsPerSecond().Match(output).Groups[1].Value, CultureInfo.InvariantCulture);
        var failures = NonSuccess().Match(output) is { Success: true } m ? long.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture) : 0;
        return new RunResult(rps, WrkPercentile(output, "50%"), WrkPercentile(output, "99%"), failures, elapsed,
            Interlocked.Read(ref s_writeStatements) - statements, Interlocked.Read(ref s_writtenTotals) - totals);
    }

    private static double WrkPercentile(string output, string percentile)
    {
        var match = Regex.Match(output, $@"^\s*{Regex.Escape(percentile)}\s+([\d.]+)(us|ms|s)\s*$", RegexOptions.Multiline, TimeSpan.FromSeconds(1));
        var value = double.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
        return match.Groups[2].Value switch { "us" => value / 1000, "s" => value * 1000, _ => value };
    }

    [GeneratedRegex(@"Requests/sec:\s+([\d.]+)")]
    private static partial Regex RequestsPerSecond();

    [GeneratedRegex(@"Non-2xx or 3xx responses:\s+(\d+)")]
    private static partial Regex NonSuccess();

    internal static void Report(string label, int connections, RunResult r, int listeners)
    {
        var listenerMinutes = listeners * r.Seconds / 60;
        Console.WriteLine(Invariant(
            $"{label,-8} {connections,3} connections: {r.RequestsPerSecond,7:F0} heartbeats/s, p50 {r.P50Ms:F2} ms, p99 {r.P99Ms:F2} ms, non-200 {r.Failures}; {r.Statements} write statements = {r.Statements / listenerMinutes:F4} per listener-minute ({r.Totals} user totals incremented = {r.Totals / listenerMinutes:F2} per listener-minute)"));
    }

    internal static MeterListener ListenToWrites()
    {
        var meters = new MeterListener
        {
            InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Meter.Name == "Radio.Listening")
                {
                    l.EnableMeasurementEvents(instrument);
                }
            },
        };
        meters.SetMeasurementEventCallback<long>((instrument, value, _, _) =>
        {
            if (instrument.Name == "radio.listening.write_statements")
            {
                Interlocked.Add(ref s_writeStatements, value);
            }
            else if (instrument.Name == "radio.listening.written_totals")
            {
                Interlocked.Add(ref s_writtenTotals, value);
            }
        });
        meters.Start();
        return meters;
    }

    private static double Ms(long[] sorted, double quantile) =>
        sorted.Length == 0 ? 0 : sorted[(int)Math.Min(sorted.Length - 1, quantile * sorted.Length)] * 1000.0 / Stopwatch.Frequency;

    internal static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    internal static string FindWebProject()
    {
        var root = new DirectoryInfo(AppContext.BaseDirectory);
        while (root is not null && !Directory.Exists(Path.Combine(root.FullName, "src", "Radio.Web")))
        {
            root = root.Parent;
        }

        return Path.Combine(root?.FullName ?? ".", "src", "Radio.Web");
    }

    internal static async Task<string[]> SeedListenersAsync(IServiceProvider services, int count)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<RadioDbContext>();
        var issuer = scope.ServiceProvider.GetRequiredService<ITokenIssuer>();
        var now = TimeProvider.System.GetUtcNow();
        var users = Enumerable.Range(0, count).Select(i =>
        {
            var user = User.CreateListener(Invariant($"bench{i:D5}"), now);
            user.SetPasswordHash("not-a-real-hash");
            return user;
        }).ToList();
        db.Users.AddRange(users);
        await db.SaveChangesAsync();
        return [.. users.Select(u => issuer.IssueFor(u).Token)];
    }

    private static void MeasureSessionMemory(IServiceProvider services)
    {
        // anonymous listeners: their sessions and totals live only in memory, so no database read is involved
        const int count = 100_000;
        var sessions = services.GetRequiredService<IListeningSessions>();
        var totals = services.GetRequiredService<IListenerTotals>();
        var ids = Enumerable.Range(0, count).Select(_ => ListenerId.ForAnonymous(Guid.NewGuid().ToString("N"))).ToArray();
        var now = TimeProvider.System.GetUtcNow();
        var before = GC.GetTotalMemory(forceFullCollection: true);
        foreach (var id in ids)
        {
            var beat = sessions.BeatAsync(id, now, 10, now, CancellationToken.None).AsTask().GetAwaiter().GetResult();
            totals.AddAsync(id, beat.Credit, now, CancellationToken.None).AsTask().GetAwaiter().GetResult();
        }

        var after = GC.GetTotalMemory(forceFullCollection: true);
        GC.KeepAlive(ids);
        var idBytes = 24 + 2 * ids[0].Value.Length; // the key string, held by the request that names the listener
        Console.WriteLine(Invariant(
            $"memory: {(after - before) / (double)count:F0} bytes per live session in the stores (session, total and dictionary entries; {count} sessions), plus a {idBytes}-byte id string"));
    }
}

/// <summary>The real server with the settings a load test needs.</summary>
internal sealed class BenchServer(string dataDirectory, IReadOnlyDictionary<string, string>? settings = null) : WebApplicationFactory<Program>
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Production");
        builder.UseSetting("Radio:DataDirectory", dataDirectory);
        builder.UseSetting("Radio:RateLimiting:HeartbeatsPerMinute", "1000000");
        builder.UseSetting("Radio:RateLimiting:AuthPerMinute", "1000000");
        // one console line per request would measure the console, not the server
        builder.UseSetting("Serilog:MinimumLevel:Default", "Warning");
        builder.UseSetting("Serilog:MinimumLevel:Override:Microsoft.Hosting.Lifetime", "Warning");
        foreach (var (key, value) in settings ?? new Dictionary<string, string>())
        {
            builder.UseSetting(key, value);
        }
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(dataDirectory, recursive: true);
        }
        catch (IOException)
        {
            // a temp directory left behind is harmless
        }
    }
}
