using System.Globalization;
using Radio.TestData.Engines;
using static Radio.Bench.Heartbeat.HeartbeatBench;

namespace Radio.Bench.Heartbeat;

/// <summary>
/// Issue 12's run: heartbeats through nginx to one instance with its state in memory, then through nginx to two
/// instances sharing their state in Redis, each listener balanced to one of them (or round robin). Each instance is
/// its own <c>Radio.Web</c> process, as deployed (its own GC and thread pool, not the bench's), and both runs use the
/// same private PostgreSQL (a database each), so the ratio is what sharing the state costs and not what another
/// database engine costs.
/// </summary>
internal static class InstanceRuns
{
    private const int Connections = 64;
    private const int OneAtATime = 200;
    private const int WarmUpRoundSeconds = 15;
    // a settled process still jits a few methods a second (a new query shape, a timer's first run)
    private const double SettledJitMethodsPerSecond = 20;
    private const string Usec = "usec:";

    public static async Task<int> CompareAsync(string[] args)
    {
        var options = InstanceOptions.Parse(args);
        Environment.SetEnvironmentVariable("ASPNETCORE_TEST_CONTENTROOT_RADIO_WEB", FindWebProject());
        var postgres = PostgresServer.Instance;
        using var redis = new RedisServer();
        Console.WriteLine(Invariant(
            $"PostgreSQL 127.0.0.1:{postgres.Port}, Redis 127.0.0.1:{redis.Port}; {Environment.ProcessorCount} cores; {options.Listeners} listeners; {options.Seconds} s per run; {Connections} connections; load by {(options.UseWrk ? Invariant($"wrk -t{options.WrkThreads}") : "HttpClient")}; open loop at {options.Rate:F0}/s; balanced {(options.RoundRobin ? "round robin" : "by listener")}; Redis by {(options.RedisSocket ? "Unix socket" : "TCP")};{(options.OnAir ? " a 20 s song on the air;" : "")} instances as processes{(options.InstanceEnvironment.Count == 0 ? "" : " with " + string.Join(' ', options.InstanceEnvironment.Select(e => $"{e.Key}={e.Value}")))}{(options.PairEnvironment.Count == 0 ? "" : "; the pair's with " + string.Join(' ', options.PairEnvironment.Select(e => $"{e.Key}={e.Value}")))}"));

        var one = await RunAsync("one instance, in memory", "one", instances: 1, redis: null, options);
        if (options.OneWithRedis)
        {
            // what Redis costs one process, apart from what a second process on the same cores costs
            var oneWithRedis = await RunAsync("one instance + Redis", "one+R", instances: 1, redis, options);
            Console.WriteLine(Invariant(
                $"ratio: one instance + Redis makes {oneWithRedis.Measured.RequestsPerSecond / one.Measured.RequestsPerSecond:F2} of one instance's heartbeats/s in memory"));
        }

        var two = await RunAsync("two instances + Redis", "two", instances: 2, redis, options);

        Console.WriteLine(Invariant(
            $"ratio: two instances + Redis make {two.Measured.RequestsPerSecond / one.Measured.RequestsPerSecond:F2} of one instance's heartbeats/s (target >= 0.6)"));
        Console.WriteLine(Invariant($"p99 at {Connections} connections, max rate (closed loop: queueing at saturation): one {one.Measured.P99Ms:F2} ms, two {two.Measured.P99Ms:F2} ms (target <= 20 ms)"));
        Console.WriteLine(Invariant(
            $"p99 at {Connections} connections, open loop at {options.Rate:F0} heartbeats/s offered (the heartbeats of {options.Rate * 15:F0} listeners, one per 15 s): one {one.Open.P99Ms:F2} ms, two {two.Open.P99Ms:F2} ms (target <= 20 ms)"));
        var commands = Delta(two.BeforeRamp, two.AfterMeasured);
        commands.Remove("reads");
        var usec = commands.Where(c => c.Key.StartsWith(Usec, StringComparison.Ordinal)).ToDictionary(c => c.Key[Usec.Length..], c => c.Value, StringComparer.Ordinal);
        foreach (var name in usec.Keys)
        {
            commands.Remove(Usec + name);
        }

        var heartbeats = two.MeasuredHeartbeats + two.RampAndWarmUpHeartbeats;
        Console.WriteLine(Invariant(
            $"Redis commands per heartbeat (INFO commandstats over ramp-up, warm-up and run; a script's own calls and a transaction's queued commands count too): {commands.Values.Sum() / (double)heartbeats:F2} = {string.Join(", ", commands.OrderByDescending(c => c.Value).Select(c => Invariant($"{c.Key} {c.Value / (double)heartbeats:F2}")))}"));
        // a script's time includes its own calls, which are counted again under their own names
        var scripts = usec.Where(u => u.Key.StartsWith("eval", StringComparison.Ordinal)).Sum(u => u.Value);
        Console.WriteLine(Invariant(
            $"Redis time in scripts per heartbeat: {scripts / (double)heartbeats:F1} µs; per call: {string.Join(", ", usec.OrderByDescending(u => u.Value).Take(6).Select(u => Invariant($"{u.Key} {u.Value / (double)commands[u.Key]:F1} µs")))}"));
        var reads = Delta(two.BeforeOneAtATime, two.AfterOneAtATime)["reads"];
        Console.WriteLine(Invariant(
            $"Redis round trips per heartbeat ({OneAtATime} heartbeats one at a time, INFO stats total_reads_processed): {reads / (double)OneAtATime:F2} (target <= 2)"));
        return 0;
    }

    private sealed record Run(
        RunResult Measured, OpenLoop.Result Open, long RampAndWarmUpHeartbeats, long MeasuredHeartbeats, Dictionary<string, long> BeforeRamp,
        Dictionary<string, long> AfterMeasured, Dictionary<string, long> BeforeOneAtATime, Dictionary<string, long> AfterOneAtATime);

    private static async Task<Run> RunAsync(string label, string name, int instances, RedisServer? redis, InstanceOptions options)
    {
        var directory = Engines.PrivateDirectory("bench-instances");
        var settings = BenchInstances.Settings(PostgresServer.Instance.NewDatabase(), Path.Combine(directory, "media"), redis, options.RedisSocket);
        var servers = new List<RadioProcess>();
        if (redis is not null)
        {
            // a run before this one may have left its listeners' state, and the seeded ids start at 1 in every database
            Engines.Run("redis-cli", "-p", redis.Port.ToString(CultureInfo.InvariantCulture), "flushall");
        }

        try
        {
            // Accounts are inserted directly and tokens issued with the instances' signing key: 10,000 PBKDF2
            // registrations would take minutes and measure the password hash, not the heartbeat.
            var tokens = await BenchInstances.SeedAsync(settings, Path.Combine(directory, "seed"), options.Listeners, options.OnAir);
            servers.AddRange(Enumerable.Range(1, instances).Select(n =>
                new RadioProcess($"radio{n}", directory, BenchInstances.Environment(settings, instances == 1
                    ? options.InstanceEnvironment
                    : options.InstanceEnvironment.Where(e => !options.PairEnvironment.ContainsKey(e.Key))
                        .Concat(options.PairEnvironment).ToDictionary(StringComparer.Ordinal)))));
            servers.ForEach(s => s.Start());
            await Task.WhenAll(servers.Select(s => s.WaitReadyAsync(TimeSpan.FromSeconds(90))));
            using var nginx = new NginxServer(port => BenchInstances.NginxSite(port, servers.Select(s => s.Port), options.RoundRobin), workerPerCore: true);
            var address = nginx.BaseAddress.ToString().TrimEnd('/');
            var connectTime = TimeProvider.System.GetUtcNow();
            Console.WriteLine($"{label}: nginx {address} -> {string.Join(", ", servers.Select(s => s.BaseAddress))}");
            var beforeRamp = redis is null ? [] : RedisStats(redis.Port);
            if (redis is not null)
            {
                RedisSlowLog.Start(redis.Port);
            }

            // every listener's first heartbeat starts a session and reads their stored total once
            var ramp = await RunHttpClientAsync(address, tokens, connectTime, Connections, requests: options.Listeners, durationSeconds: 600);
            Report("ramp-up", Connections, ramp, options.Listeners);
            long warmHeartbeats = 0;
            if (options.WarmUpSeconds > 0)
            {
                // a server runs for days: max-rate load, not measured, until tiered compilation has settled, so the run
                // compares the steady state of one process and of two; two processes sharing the cores take minutes
                // to settle (their background JIT gets less of them), and measured before that the pair runs tier-0
                // and instrumented code the single instance has long replaced
                var before = await EachAsync();
                var last = before;
                var seconds = 0;
                double jitRate;
                RunResult round;
                do
                {
                    round = await MaxRateAsync(WarmUpRoundSeconds);
                    seconds += WarmUpRoundSeconds;
                    warmHeartbeats += (long)Math.Round(round.RequestsPerSecond * round.Seconds);
                    // the slowest instance's: each must have settled
                    var now = await EachAsync();
                    jitRate = now.Zip(last, (n, l) => (n.JitMethods - l.JitMethods) / round.Seconds).Max();
                    last = now;
                }
                while (jitRate >= SettledJitMethodsPerSecond && seconds < options.WarmUpSeconds);

                Report("warm-up", Connections, round, options.Listeners);
                Console.WriteLine(Invariant(
                    $"         warm-up {seconds} s, {(jitRate < SettledJitMethodsPerSecond ? "settled" : "NOT settled")}: {jitRate:F0} methods jitted per second by the slowest instance in the last {WarmUpRoundSeconds} s (settled below {SettledJitMethodsPerSecond}); over all of it {BenchInstances.Metrics.Sum(last).RuntimeSince(BenchInstances.Metrics.Sum(before), seconds)}"));
            }

            var writes = await BenchInstances.ScrapeAsync(servers);
            var (machine, switches) = (BenchInstances.CpuByProcess(), BenchInstances.ContextSwitches());
            var result = await MaxRateAsync(options.Seconds);
            var (machineAfter, switchesAfter) = (BenchInstances.CpuByProcess(), BenchInstances.ContextSwitches());
            var cpu = BenchInstances.CpuSeconds(servers, machine, machineAfter);
            var written = await BenchInstances.ScrapeAsync(servers);
            result = result with { Statements = written.Statements - writes.Statements, Totals = written.Totals - writes.Totals };
            Report(name, Connections, result, options.Listeners);
            Console.WriteLine(Invariant(
                $"         Radio processes used {cpu / result.Seconds:F2} of {Environment.ProcessorCount} cores ({cpu * 1e6 / (result.RequestsPerSecond * result.Seconds):F0} µs per heartbeat); {written.RuntimeSince(writes, result.Seconds)}; load average {BenchInstances.Load()}"));
            Console.WriteLine(Invariant(
                $"         cores by command: {BenchInstances.CoresByCommand(machine, machineAfter, result.Seconds)}; the machine switched contexts {(switchesAfter - switches) / (result.RequestsPerSecond * result.Seconds):F1} times per heartbeat"));
            var afterMeasured = redis is null ? [] : RedisStats(redis.Port);
            if (redis is not null)
            {
                RedisSlowLog.Report(redis.Port, ramp.Seconds + result.Seconds);
            }

            if (options.Direct)
            {
                // the same load straight to the first instance, past nginx: what nginx adds
                Report("direct", Connections, await MaxRateAsync(options.Seconds, servers[0].BaseAddress.ToString().TrimEnd('/')), options.Listeners);
            }

            if (redis is not null)
            {
                RedisSlowLog.Start(redis.Port);
            }

            var open = await OpenLoop.RunAsync(address, tokens, connectTime, Connections, options.Rate, options.Seconds);
            OpenLoop.Report(name, Connections, open);
            if (redis is not null)
            {
                RedisSlowLog.Report(redis.Port, options.Seconds);
            }

            Console.WriteLine($"         load average {BenchInstances.Load()}");

            Dictionary<string, long> beforeSingle = [], afterSingle = [];
            if (redis is not null)
            {
                // one heartbeat in flight: the multiplexer cannot fold other requests' commands into its writes
                beforeSingle = RedisStats(redis.Port);
                var single = await RunHttpClientAsync(address, tokens, connectTime, 1, requests: OneAtATime, durationSeconds: 600);
                afterSingle = RedisStats(redis.Port);
                Report("single", 1, single, options.Listeners);
            }

            return new Run(
                result, open, (long)Math.Round(ramp.RequestsPerSecond * ramp.Seconds) + warmHeartbeats,
                (long)Math.Round(result.RequestsPerSecond * result.Seconds),
                beforeRamp, afterMeasured, beforeSingle, afterSingle);

            Task<BenchInstances.Metrics[]> EachAsync() => Task.WhenAll(servers.Select(s => BenchInstances.ScrapeAsync([s])));

            Task<RunResult> MaxRateAsync(int seconds, string? target = null) => options.UseWrk
                ? RunWrkAsync(target ?? address, tokens, connectTime, Connections, seconds, directory, options.WrkThreads)
                : RunHttpClientAsync(target ?? address, tokens, connectTime, Connections, requests: long.MaxValue, seconds);
        }
        finally
        {
            servers.ForEach(s => s.Dispose());
            Engines.DeleteQuietly(directory);
        }
    }

    /// <summary>Calls per command (INFO commandstats) and socket reads (INFO stats total_reads_processed, as "reads").</summary>
    private static Dictionary<string, long> RedisStats(int port)
    {
        var stats = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var line in Info("commandstats").Where(l => l.StartsWith("cmdstat_", StringComparison.Ordinal)))
        {
            // cmdstat_get:calls=N,usec=N,usec_per_call=N.NN,...
            var name = line["cmdstat_".Length..line.IndexOf(':', StringComparison.Ordinal)];
            var fields = line.Split(',');
            if (name != "info")
            {
                stats[name] = long.Parse(fields[0].Split('=')[1], CultureInfo.InvariantCulture);
                stats[Usec + name] = long.Parse(fields[1].Split('=')[1], CultureInfo.InvariantCulture);
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
