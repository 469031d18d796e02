using System.Globalization;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using static Radio.Bench.Heartbeat.HeartbeatBench;

namespace Radio.Bench.Heartbeat;

/// <summary>Issue 11's runs: what the proxy settings cost a heartbeat, and what made-up cookies make the server hold.</summary>
internal static class AbuseRuns
{
    private static readonly Dictionary<string, string> Proxied = new()
    {
        ["Radio:ForwardedHeaders:KnownNetworks"] = "127.0.0.1",
        ["Radio:Cors:Origins"] = "https://player.example.com",
    };

    /// <summary>64 connections against a plain server, then one with forwarded headers and CORS, twice over, in one run.</summary>
    public static async Task<int> CompareProxyAsync(string[] args)
    {
        var positional = args.Where(a => !a.StartsWith("--", StringComparison.Ordinal)).ToArray();
        var listeners = positional.Length > 0 ? int.Parse(positional[0], CultureInfo.InvariantCulture) : 10_000;
        var seconds = positional.Length > 1 ? int.Parse(positional[1], CultureInfo.InvariantCulture) : 20;
        var rates = new Dictionary<bool, List<double>> { [false] = [], [true] = [] };
        foreach (var proxied in new[] { false, true, false, true })
        {
            await using var server = Start(proxied ? Proxied : null, out var address);
            var tokens = await SeedListenersAsync(server.Services, listeners);
            var connectTime = TimeProvider.System.GetUtcNow();
            await RunHttpClientAsync(address, tokens, connectTime, 64, requests: listeners, durationSeconds: 600);
            var result = await RunHttpClientAsync(address, tokens, connectTime, 64, long.MaxValue, seconds, proxied
                ? (request, n) =>
                {
                    // each request as nginx forwards it: a different client behind the known proxy, from the player's origin
                    request.Headers.Add("X-Forwarded-For", Invariant($"198.51.{n / 250 % 250}.{n % 250}"));
                    request.Headers.Add("X-Forwarded-Proto", "https");
                    request.Headers.Add("Origin", "https://player.example.com");
                }
                : null);
            Report(proxied ? "proxied" : "plain", 64, result, listeners);
            rates[proxied].Add(result.RequestsPerSecond);
        }

        Console.WriteLine(Invariant(
            $"with forwarded headers and CORS: {rates[true].Average() / rates[false].Average():P1} of the plain server's heartbeats/s (target >= 90%)"));
        return 0;
    }

    /// <summary>Token-less heartbeats, each with a cookie the server never issued: every one mints a new anonymous listener.</summary>
    public static async Task<int> ForgedCookiesAsync(int count)
    {
        // as deployed: one address gets 20 new listeners a minute, the rest are 429s that hold nothing
        await ForgedCookiesAsync(count, "default limits", new Dictionary<string, string>());
        // as if from endless addresses: no rate limit, only the bound on what is held
        await ForgedCookiesAsync(count, "no rate limit, MaxAnonymousListeners 10,000", new Dictionary<string, string>
        {
            ["Radio:RateLimiting:AnonymousPerMinute"] = "100000000",
            ["Radio:Listening:MaxAnonymousListeners"] = "10000",
        });
        return 0;
    }

    private static async Task ForgedCookiesAsync(int count, string label, Dictionary<string, string> settings)
    {
        Console.WriteLine($"forged cookies, {label}:");
        await using var server = Start(settings, out var address);
        var connectTime = TimeProvider.System.GetUtcNow();
        await RunHttpClientAsync(address, [], connectTime, 64, requests: 1000, durationSeconds: 600, Forge); // JIT and pools warm
        Console.WriteLine(Invariant($"forged cookies: RSS {RssMegabytes():F1} MiB after 1,000"));
        var sent = 1000;
        foreach (var step in new[] { count / 4, count / 4, count / 4, count - (3 * (count / 4)) })
        {
            var result = await RunHttpClientAsync(address, [], connectTime, 64, requests: step, durationSeconds: 600, Forge);
            sent += step;
            Console.WriteLine(Invariant(
                $"forged cookies: RSS {RssMegabytes():F1} MiB after {sent:N0} ({result.RequestsPerSecond:F0}/s, non-200 {result.Failures})"));
        }

        static void Forge(HttpRequestMessage request, long n) =>
            request.Headers.Add("Cookie", "radio_listener=" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16)));
    }

    internal static BenchServer Start(IReadOnlyDictionary<string, string>? settings, out string address)
    {
        Environment.SetEnvironmentVariable("ASPNETCORE_TEST_CONTENTROOT_RADIO_WEB", FindWebProject());
        var server = new BenchServer(Path.Combine(Path.GetTempPath(), "radio-bench", Guid.NewGuid().ToString("N")), settings);
        server.UseKestrel(0);
        server.StartServer();
        address = server.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First()
            .Replace("localhost", "127.0.0.1", StringComparison.Ordinal);
        return server;
    }

    private static double RssMegabytes()
    {
        GC.Collect();
        var line = File.ReadLines("/proc/self/status").First(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
        return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) / 1024.0;
    }
}
