using System.Globalization;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Radio.TestData.Engines;
using static Radio.Bench.Heartbeat.HeartbeatBench;

namespace Radio.Bench.Heartbeat;

/// <summary>
/// Issue 12's run: heartbeats through nginx to one instance with its state in memory, then through nginx round robin
/// to two instances sharing their state in Redis. Both on the same private PostgreSQL (a database each), so the ratio
/// is what sharing the state costs and not what another database engine costs.
/// </summary>
internal static class InstanceRuns
{
    private const string SigningKey = "the bench deployment's signing key, 32+ bytes long";
    private const int Connections = 64;
    private const int OneAtATime = 200;

    public static async Task<int> CompareAsync(string[] args)
    {
        var useWrk = args.Contains("--wrk");
        var positional = args.Where(a => !a.StartsWith("--", StringComparison.Ordinal)).ToArray();
        var listeners = positional.Length > 0 ? int.Parse(positional[0], CultureInfo.InvariantCulture) : 10_000;
        var seconds = positional.Length > 1 ? int.Parse(positional[1], CultureInfo.InvariantCulture) : 30;
        Environment.SetEnvironmentVariable("ASPNETCORE_TEST_CONTENTROOT_RADIO_WEB", FindWebProject());
        var postgres = PostgresServer.Instance;
        using var redis = new RedisServer();
        using var meters = ListenToWrites();
        Console.WriteLine(Invariant(
            $"PostgreSQL 127.0.0.1:{postgres.Port}, Redis 127.0.0.1:{redis.Port}; {Environment.ProcessorCount} cores; {listeners} listeners; {seconds} s per run; {Connections} connections; load by {(useWrk ? "wrk" : "HttpClient")}"));

        var one = await RunAsync("one instance, in memory", instances: 1, redis: null, listeners, seconds, useWrk);
        var two = await RunAsync("two instances + Redis", instances: 2, redis, listeners, seconds, useWrk);

        Console.WriteLine(Invariant(
            $"ratio: two instances + Redis make {two.Measured.RequestsPerSecond / one.Measured.RequestsPerSecond:F2} of one instance's heartbeats/s (target >= 0.6)"));
        Console.WriteLine(Invariant($"p99 at {Connections} connections: one {one.Measured.P99Ms:F2} ms, two {two.Measured.P99Ms:F2} ms (target <= 20 ms)"));
        var commands = Delta(two.BeforeRamp, two.AfterMeasured);
        commands.Remove("reads");
        var heartbeats = two.MeasuredHeartbeats + two.RampHeartbeats;
        Console.WriteLine(Invariant(
            $"Redis commands per heartbeat (INFO commandstats over ramp-up and run; a script's own calls and a transaction's queued commands count too): {commands.Values.Sum() / (double)heartbeats:F2} = {string.Join(", ", commands.OrderByDescending(c => c.Value).Select(c => Invariant($"{c.Key} {c.Value / (double)heartbeats:F2}")))}"));
        var reads = Delta(two.AfterMeasured, two.AfterOneAtATime)["reads"];
        Console.WriteLine(Invariant(
            $"Redis round trips per heartbeat ({OneAtATime} heartbeats one at a time, INFO stats total_reads_processed): {reads / (double)OneAtATime:F2} (target <= 2)"));
        return 0;
    }

    private sealed record Run(
        RunResult Measured, long RampHeartbeats, long MeasuredHeartbeats,
        Dictionary<string, long> BeforeRamp, Dictionary<string, long> AfterMeasured, Dictionary<string, long> AfterOneAtATime);

    private static async Task<Run> RunAsync(string label, int instances, RedisServer? redis, int listeners, int seconds, bool useWrk)
    {
        var settings = new Dictionary<string, string>
        {
            ["Radio:Database:Provider"] = "PostgreSql",
            ["ConnectionStrings:Radio"] = PostgresServer.Instance.NewDatabase(),
            ["Radio:Media:Directory"] = Engines.PrivateDirectory("bench-media"),
            ["Radio:Tokens:SigningKey"] = SigningKey,
            // EF logs the first connection to a database that its migration is about to create as an error
            ["Serilog:MinimumLevel:Override:Microsoft.EntityFrameworkCore.Database.Connection"] = "Fatal",
        };
        if (redis is not null)
        {
            settings["ConnectionStrings:Redis"] = redis.ConnectionString;
        }

        var servers = new List<BenchServer>();
        try
        {
            var addresses = new List<string>();
            for (var i = 0; i < instances; i++)
            {
                var server = new BenchServer(Path.Combine(Path.GetTempPath(), "radio-bench", Guid.NewGuid().ToString("N")), settings);
                servers.Add(server);
                server.UseKestrel(0);
                server.StartServer();
                addresses.Add(server.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First()
                    .Replace("localhost", "127.0.0.1", StringComparison.Ordinal));
            }

            using var nginx = NginxBalancer.Start(addresses);
            var tokens = await SeedListenersAsync(servers[0].Services, listeners);
            var connectTime = TimeProvider.System.GetUtcNow();
            Console.WriteLine($"{label}: nginx {nginx.Address} -> {string.Join(", ", addresses)}");
            var beforeRamp = redis is null ? [] : RedisStats(redis.Port);

            // every listener's first heartbeat starts a session and reads their stored total once
            var ramp = await RunHttpClientAsync(nginx.Address, tokens, connectTime, Connections, requests: listeners, durationSeconds: 600);
            Report("ramp-up", Connections, ramp, listeners);
            var result = useWrk
                ? await RunWrkAsync(nginx.Address, tokens, connectTime, Connections, seconds, nginx.Directory)
                : await RunHttpClientAsync(nginx.Address, tokens, connectTime, Connections, requests: long.MaxValue, seconds);
            Report(instances == 1 ? "one" : "two", Connections, result, listeners);
            Dictionary<string, long> afterMeasured = [], afterSingle = [];
            if (redis is not null)
            {
                // one heartbeat in flight: the multiplexer cannot fold other requests' commands into its writes
                afterMeasured = RedisStats(redis.Port);
                var single = await RunHttpClientAsync(nginx.Address, tokens, connectTime, 1, requests: OneAtATime, durationSeconds: 600);
                afterSingle = RedisStats(redis.Port);
                Report("single", 1, single, listeners);
            }

            return new Run(
                result, (long)Math.Round(ramp.RequestsPerSecond * ramp.Seconds), (long)Math.Round(result.RequestsPerSecond * result.Seconds),
                beforeRamp, afterMeasured, afterSingle);
        }
        finally
        {
            foreach (var server in servers)
            {
                await server.DisposeAsync();
            }

            Engines.DeleteQuietly(settings["Radio:Media:Directory"]);
        }
    }

    /// <summary>Calls per command (INFO commandstats) and socket reads (INFO stats total_reads_processed, as "reads").</summary>
    private static Dictionary<string, long> RedisStats(int port)
    {
        var stats = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var line in Info("commandstats").Where(l => l.StartsWith("cmdstat_", StringComparison.Ordinal)))
        {
            var name = line["cmdstat_".Length..line.IndexOf(':', StringComparison.Ordinal)];
            var calls = line.Split(',')[0].Split('=')[1];
            if (name != "info")
            {
                stats[name] = long.Parse(calls, CultureInfo.InvariantCulture);
            }
        }

        var reads = Info("stats").Single(l => l.StartsWith("total_reads_processed:", StringComparison.Ordinal));
        stats["reads"] = long.Parse(reads.Split(':')[1], CultureInfo.InvariantCulture);
        return stats;

        string[] Info(string section) => Engines.Run("redis-cli", "-p", port.ToString(CultureInfo.InvariantCulture), "info", section)
            .Split('\n', StringSplitOptions.TrimEntries);
    }

    private static Dictionary<string, long> Delta(Dictionary<string, long> before, Dictionary<string, long> after) =>
        after.Select(a => (a.Key, Value: a.Value - before.GetValueOrDefault(a.Key)))
            .Where(a => a.Value > 0)
            .ToDictionary(a => a.Key, a => a.Value, StringComparer.Ordinal);
}
