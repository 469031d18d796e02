using System.Globalization;
using Radio.TestData.Engines;
using static Radio.Bench.Heartbeat.HeartbeatBench;

namespace Radio.Bench.Heartbeat;

/// <summary>
/// Issue 12's run: heartbeats through nginx to one instance with its state in memory, and through nginx to two
/// instances sharing their state in Redis, each listener balanced to one of them (or round robin). Each instance is
/// its own <c>Radio.Web</c> process, as deployed (its own GC and thread pool, not the bench's), and both setups use
/// the same private PostgreSQL (a database each), so the ratio is what sharing the state costs and not what another
/// database engine costs. Both setups stay up, and their measured rounds alternate (one, two, one, two, …): on this
/// shared machine one setup's throughput moved by a quarter between two back-to-back runs, more than the difference
/// measured, and the median of neighbouring rounds' ratios is not moved by one slow minute.
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
        // its own Redis: the one + Redis setup is alive beside the pair's, and both seed listeners from id 1
        using var oneRedis = options.OneWithRedis ? new RedisServer() : null;
        Console.WriteLine(Invariant(
            $"PostgreSQL 127.0.0.1:{postgres.Port}, Redis 127.0.0.1:{redis.Port}; {Environment.ProcessorCount} cores; {options.Listeners} listeners; {options.Rounds} measured rounds of {options.Seconds} s per setup, the setups in turn; {Connections} connections; load by {(options.UseWrk ? Invariant($"wrk -t{options.WrkThreads}") : "HttpClient")}; open loop at {options.Rate:F0}/s; balanced {(options.RoundRobin ? "round robin" : "by listener")}; Redis by {(options.RedisSocket ? "Unix socket" : "TCP")};{(options.OnAir ? " a 20 s song on the air;" : "")} instances as processes{(options.InstanceEnvironment.Count == 0 ? "" : " with " + string.Join(' ', options.InstanceEnvironment.Select(e => $"{e.Key}={e.Value}")))}{(options.PairEnvironment.Count == 0 ? "" : "; the pair's with " + string.Join(' ', options.PairEnvironment.Select(e => $"{e.Key}={e.Value}")))}"));

        var setups = new List<Setup>();
        try
        {
            // each setup is started, ramped up and warmed up in turn, and stays up (idle) while the others are
            var one = await Setup.StartAsync(setups, "one instance, in memory", "one", instances: 1, redis: null, options);
            var oneWithRedis = oneRedis is null ? null : await Setup.StartAsync(setups, "one instance + Redis", "one+R", instances: 1, oneRedis, options);
            var two = await Setup.StartAsync(setups, "two instances + Redis", "two", instances: 2, redis, options);

            // the measured rounds take the setups in turn, so a slow minute of this shared machine falls on one round of
            // each rather than on one setup's whole run; each round's ratio compares neighbours in time
            foreach (var setup in setups)
            {
                setup.StartSlowLog();
            }

            for (var round = 1; round <= options.Rounds; round++)
            {
                Console.WriteLine(Invariant($"round {round} of {options.Rounds}"));
                foreach (var setup in setups)
                {
                    await setup.MeasureAsync();
                }

                Console.WriteLine(Invariant(
                    $"         round {round}: two instances + Redis make {two.Rounds[^1].RequestsPerSecond / one.Rounds[^1].RequestsPerSecond:F2} of one instance's heartbeats/s{(oneWithRedis is null ? "" : Invariant($", one instance + Redis {oneWithRedis.Rounds[^1].RequestsPerSecond / one.Rounds[^1].RequestsPerSecond:F2}"))}"));
            }

            foreach (var setup in setups)
            {
                setup.ReportSlowLog();
            }

            foreach (var setup in setups)
            {
                await setup.FinishAsync();
            }

            var ratios = one.Rounds.Zip(two.Rounds, (o, t) => t.RequestsPerSecond / o.RequestsPerSecond).Order().ToArray();
            if (oneWithRedis is not null)
            {
                Console.WriteLine(Invariant(
                    $"ratio: one instance + Redis makes {Median(one.Rounds.Zip(oneWithRedis.Rounds, (o, r) => r.RequestsPerSecond / o.RequestsPerSecond)):F2} of one instance's heartbeats/s in memory (median of the rounds)"));
            }

            Console.WriteLine(Invariant(
                $"ratio: two instances + Redis make {Median(ratios):F2} of one instance's heartbeats/s (target >= 0.6): the median of {ratios.Length} rounds' ratios ({string.Join(", ", ratios.Select(r => Invariant($"{r:F2}")))}); all rounds together {two.Rounds.Average(r => r.RequestsPerSecond):F0} vs {one.Rounds.Average(r => r.RequestsPerSecond):F0}/s"));
            Console.WriteLine(Invariant(
                $"p99 at {Connections} connections, max rate (closed loop: queueing at saturation), median of the rounds: one {Median(one.Rounds.Select(r => r.P99Ms)):F2} ms, two {Median(two.Rounds.Select(r => r.P99Ms)):F2} ms (target <= 20 ms)"));
            Console.WriteLine(Invariant(
                $"p99 at {Connections} connections, open loop at {options.Rate:F0} heartbeats/s offered (the heartbeats of {options.Rate * 15:F0} listeners, one per 15 s): one {one.Open!.P99Ms:F2} ms, two {two.Open!.P99Ms:F2} ms (target <= 20 ms)"));
            var commands = Delta(two.BeforeRamp, two.AfterMeasured);
            commands.Remove("reads");
            var usec = commands.Where(c => c.Key.StartsWith(Usec, StringComparison.Ordinal)).ToDictionary(c => c.Key[Usec.Length..], c => c.Value, StringComparer.Ordinal);
            foreach (var name in usec.Keys)
            {
                commands.Remove(Usec + name);
            }

            var heartbeats = two.Heartbeats;
            Console.WriteLine(Invariant(
                $"Redis commands per heartbeat (INFO commandstats over ramp-up, warm-up and rounds; a script's own calls and a transaction's queued commands count too): {commands.Values.Sum() / (double)heartbeats:F2} = {string.Join(", ", commands.OrderByDescending(c => c.Value).Select(c => Invariant($"{c.Key} {c.Value / (double)heartbeats:F2}")))}"));
            // a script's time includes its own calls, which are counted again under their own names
            var scripts = usec.Where(u => u.Key.StartsWith("eval", StringComparison.Ordinal)).Sum(u => u.Value);
            Console.WriteLine(Invariant(
                $"Redis time in scripts per heartbeat: {scripts / (double)heartbeats:F1} µs; per call: {string.Join(", ", usec.OrderByDescending(u => u.Value).Take(6).Select(u => Invariant($"{u.Key} {u.Value / (double)commands[u.Key]:F1} µs")))}"));
            var reads = Delta(two.BeforeOneAtATime, two.AfterOneAtATime)["reads"];
            Console.WriteLine(Invariant(
                $"Redis round trips per heartbeat ({OneAtATime} heartbeats one at a time, INFO stats total_reads_processed): {reads / (double)OneAtATime:F2} (target <= 2)"));
            return 0;
        }
        finally
        {
            foreach (var setup in setups)
            {
                setup.Dispose();
            }
        }
    }

    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]) / 2;
    }

    /// <summary>
    /// One setup under test: its instances (each its own process) behind its own nginx, its database and its Redis
    /// (none for the in-memory one), seeded, ramped up and warmed up by <see cref="StartAsync"/>, then measured in
    /// rounds by <see cref="MeasureAsync"/> in turn with the others.
    /// </summary>
    private sealed class Setup : IDisposable
    {
        private readonly string _label;
        private readonly string _name;
        private readonly RedisServer? _redis;
        private readonly InstanceOptions _options;
        private readonly string _directory;
        private readonly List<RadioProcess> _servers = [];
        private NginxServer? _nginx;
        private string[] _tokens = [];
        private DateTimeOffset _connectTime;
        private long _unmeasuredHeartbeats;

        private Setup(string label, string name, RedisServer? redis, InstanceOptions options)
        {
            (_label, _name, _redis, _options) = (label, name, redis, options);
            _directory = Engines.PrivateDirectory("bench-instances");
        }

        public List<RunResult> Rounds { get; } = [];

        public OpenLoop.Result? Open { get; private set; }

        public Dictionary<string, long> BeforeRamp { get; private set; } = [];

        public Dictionary<string, long> AfterMeasured { get; private set; } = [];

        public Dictionary<string, long> BeforeOneAtATime { get; private set; } = [];

        public Dictionary<string, long> AfterOneAtATime { get; private set; } = [];

        /// <summary>Every heartbeat that reached this setup before its open loop: ramp-up, warm-up and rounds.</summary>
        public long Heartbeats => _unmeasuredHeartbeats + Rounds.Sum(r => (long)Math.Round(r.RequestsPerSecond * r.Seconds));

        private string Address => _nginx!.BaseAddress.ToString().TrimEnd('/');

        public static async Task<Setup> StartAsync(List<Setup> setups, string label, string name, int instances, RedisServer? redis, InstanceOptions options)
        {
            var setup = new Setup(label, name, redis, options);
            setups.Add(setup);
            await setup.LaunchAsync(instances);
            return setup;
        }

        private async Task LaunchAsync(int instances)
        {
            var settings = BenchInstances.Settings(PostgresServer.Instance.NewDatabase(), Path.Combine(_directory, "media"), _redis, _options.RedisSocket);
            if (_redis is not null)
            {
                // a run before this one may have left its listeners' state, and the seeded ids start at 1 in every database
                Engines.Run("redis-cli", "-p", _redis.Port.ToString(CultureInfo.InvariantCulture), "flushall");
            }

            // Accounts are inserted directly and tokens issued with the instances' signing key: 10,000 PBKDF2
            // registrations would take minutes and measure the password hash, not the heartbeat.
            _tokens = await BenchInstances.SeedAsync(settings, Path.Combine(_directory, "seed"), _options.Listeners, _options.OnAir);
            _servers.AddRange(Enumerable.Range(1, instances).Select(n =>
                new RadioProcess($"radio{n}", _directory, BenchInstances.Environment(settings, instances == 1
                    ? _options.InstanceEnvironment
                    : _options.InstanceEnvironment.Where(e => !_options.PairEnvironment.ContainsKey(e.Key))
                        .Concat(_options.PairEnvironment).ToDictionary(StringComparer.Ordinal)))));
            _servers.ForEach(s => s.Start());
            await Task.WhenAll(_servers.Select(s => s.WaitReadyAsync(TimeSpan.FromSeconds(90))));
            _nginx = new NginxServer(port => BenchInstances.NginxSite(port, _servers.Select(s => s.Port), _options.RoundRobin), workerPerCore: true);
            _connectTime = TimeProvider.System.GetUtcNow();
            Console.WriteLine($"{_label}: nginx {Address} -> {string.Join(", ", _servers.Select(s => s.BaseAddress))}");
            BeforeRamp = _redis is null ? [] : RedisStats(_redis.Port);

            // every listener's first heartbeat starts a session and reads their stored total once
            var ramp = await RunHttpClientAsync(Address, _tokens, _connectTime, Connections, requests: _options.Listeners, durationSeconds: 600);
            Report("ramp-up", Connections, ramp, _options.Listeners);
            _unmeasuredHeartbeats = (long)Math.Round(ramp.RequestsPerSecond * ramp.Seconds);
            if (_options.WarmUpSeconds > 0)
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
                    _unmeasuredHeartbeats += (long)Math.Round(round.RequestsPerSecond * round.Seconds);
                    // the slowest instance's: each must have settled
                    var now = await EachAsync();
                    jitRate = now.Zip(last, (n, l) => (n.JitMethods - l.JitMethods) / round.Seconds).Max();
                    last = now;
                }
                while (jitRate >= SettledJitMethodsPerSecond && seconds < _options.WarmUpSeconds);

                Report("warm-up", Connections, round, _options.Listeners);
                Console.WriteLine(Invariant(
                    $"         warm-up {seconds} s, {(jitRate < SettledJitMethodsPerSecond ? "settled" : "NOT settled")}: {jitRate:F0} methods jitted per second by the slowest instance in the last {WarmUpRoundSeconds} s (settled below {SettledJitMethodsPerSecond}); over all of it {BenchInstances.Metrics.Sum(last).RuntimeSince(BenchInstances.Metrics.Sum(before), seconds)}"));
            }
        }

        /// <summary>One measured round at max rate, with the CPU each process used meanwhile.</summary>
        public async Task MeasureAsync()
        {
            var writes = await BenchInstances.ScrapeAsync(_servers);
            var (machine, switches) = (BenchInstances.CpuByProcess(), BenchInstances.ContextSwitches());
            var result = await MaxRateAsync(_options.Seconds);
            var (machineAfter, switchesAfter) = (BenchInstances.CpuByProcess(), BenchInstances.ContextSwitches());
            var cpu = BenchInstances.CpuSeconds(_servers, machine, machineAfter);
            var written = await BenchInstances.ScrapeAsync(_servers);
            result = result with { Statements = written.Statements - writes.Statements, Totals = written.Totals - writes.Totals };
            Rounds.Add(result);
            Report(_name, Connections, result, _options.Listeners);
            Console.WriteLine(Invariant(
                $"         Radio processes used {cpu / result.Seconds:F2} of {Environment.ProcessorCount} cores ({cpu * 1e6 / (result.RequestsPerSecond * result.Seconds):F0} µs per heartbeat); {written.RuntimeSince(writes, result.Seconds)}; load average {BenchInstances.Load()}"));
            Console.WriteLine(Invariant(
                $"         cores by command: {BenchInstances.CoresByCommand(machine, machineAfter, result.Seconds)}; the machine switched contexts {(switchesAfter - switches) / (result.RequestsPerSecond * result.Seconds):F1} times per heartbeat"));
        }

        public void StartSlowLog()
        {
            if (_redis is not null)
            {
                RedisSlowLog.Start(_redis.Port);
            }
        }

        /// <summary>The slow commands of this setup's rounds (its Redis is idle in the other setups' rounds).</summary>
        public void ReportSlowLog()
        {
            if (_redis is not null)
            {
                Console.WriteLine($"{_name}: rounds");
                RedisSlowLog.Report(_redis.Port, Rounds.Sum(r => r.Seconds));
            }
        }

        /// <summary>After the rounds: Redis's counts, then the open loop and one heartbeat at a time.</summary>
        public async Task FinishAsync()
        {
            AfterMeasured = _redis is null ? [] : RedisStats(_redis.Port);
            if (_options.Direct)
            {
                // the same load straight to the first instance, past nginx: what nginx adds
                Report("direct", Connections, await MaxRateAsync(_options.Seconds, _servers[0].BaseAddress.ToString().TrimEnd('/')), _options.Listeners);
            }

            StartSlowLog();
            Open = await OpenLoop.RunAsync(Address, _tokens, _connectTime, Connections, _options.Rate, _options.Seconds);
            OpenLoop.Report(_name, Connections, Open);
            if (_redis is not null)
            {
                RedisSlowLog.Report(_redis.Port, _options.Seconds);
            }

            Console.WriteLine($"         load average {BenchInstances.Load()}");
            if (_redis is not null)
            {
                // one heartbeat in flight: the multiplexer cannot fold other requests' commands into its writes
                BeforeOneAtATime = RedisStats(_redis.Port);
                var single = await RunHttpClientAsync(Address, _tokens, _connectTime, 1, requests: OneAtATime, durationSeconds: 600);
                AfterOneAtATime = RedisStats(_redis.Port);
                Report("single", 1, single, _options.Listeners);
            }
        }

        public void Dispose()
        {
            _nginx?.Dispose();
            _servers.ForEach(s => s.Dispose());
            Engines.DeleteQuietly(_directory);
        }

        private Task<BenchInstances.Metrics[]> EachAsync() => Task.WhenAll(_servers.Select(s => BenchInstances.ScrapeAsync([s])));

        private Task<RunResult> MaxRateAsync(int seconds, string? target = null) => _options.UseWrk
            ? RunWrkAsync(target ?? Address, _tokens, _connectTime, Connections, seconds, _directory, _options.WrkThreads)
            : RunHttpClientAsync(target ?? Address, _tokens, _connectTime, Connections, requests: long.MaxValue, seconds);
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
