using System.Globalization;
using Radio.TestData.Engines;
using static Radio.Bench.Heartbeat.HeartbeatBench;

namespace Radio.Bench.Heartbeat;

/// <summary>
/// --instances [--wrk] [--wrk-threads=N] [--rate=R] [--warm-up=S] [--rounds=N] [--direct] [--round-robin] [--one-with-redis] [--redis-socket] [--on-air] [--instance-env=NAME=VALUE ...] [--pair-env=NAME=VALUE ...] [listeners] [seconds]: R is
/// the open loop's offered rate (heartbeats/s; by default the listeners' own, one heartbeat each per 15 s); --direct also sends the max-rate load straight to the first instance,
/// past nginx; max-rate load precedes the measured rounds, not measured, in 15 s rounds until every instance's JIT has settled or S seconds have passed (default 300); N measured
/// rounds of [seconds] each (default 3) take the setups in turn, and the ratio is the median of the rounds'; --round-robin balances
/// each request to the next instance instead of each listener to one (docs/deploying.md); --one-with-redis adds a run
/// of one instance with its state in Redis between the two (what Redis costs, apart from a second process); --redis-socket connects
/// the instances to Redis through its Unix socket instead of TCP on loopback (Redis on the instances' host); each --instance-env is set
/// for every instance process (a GC setting to try), each --pair-env=NAME=VALUE only for the two instances' processes (over an --instance-env of the same name);
/// --on-air puts a 20 s song on the air (rows only, as --listens does), so every heartbeat also credits a play and decides listens.
/// </summary>
internal sealed record InstanceOptions(
    bool UseWrk, bool Direct, bool RoundRobin, bool OneWithRedis, bool RedisSocket, bool OnAir, int WrkThreads, double Rate, int WarmUpSeconds, int Rounds, int Listeners, int Seconds,
    IReadOnlyDictionary<string, string> InstanceEnvironment, IReadOnlyDictionary<string, string> PairEnvironment)
{
    public static InstanceOptions Parse(string[] args)
    {
        var positional = args.Where(a => !a.StartsWith("--", StringComparison.Ordinal)).ToArray();
        var listeners = positional.Length > 0 ? int.Parse(positional[0], CultureInfo.InvariantCulture) : 10_000;
        return new InstanceOptions(
            args.Contains("--wrk"),
            args.Contains("--direct"),
            args.Contains("--round-robin"),
            args.Contains("--one-with-redis"),
            args.Contains("--redis-socket"),
            args.Contains("--on-air"),
            (int)Option("--wrk-threads=", 2),
            Option("--rate=", listeners / 15.0),
            (int)Option("--warm-up=", 300),
            (int)Option("--rounds=", 3),
            listeners,
            positional.Length > 1 ? int.Parse(positional[1], CultureInfo.InvariantCulture) : 30,
            Variables("--instance-env="),
            Variables("--pair-env="));

        Dictionary<string, string> Variables(string prefix) => args.Where(a => a.StartsWith(prefix, StringComparison.Ordinal))
            .Select(a => a[prefix.Length..].Split('=', 2))
            .ToDictionary(p => p[0], p => p[1], StringComparer.Ordinal);

        double Option(string prefix, double fallback) => args.FirstOrDefault(a => a.StartsWith(prefix, StringComparison.Ordinal)) is { } option
            ? double.Parse(option[prefix.Length..], CultureInfo.InvariantCulture)
            : fallback;
    }
}

/// <summary>How the bench's instances are configured, seeded, balanced and read.</summary>
internal static partial class BenchInstances
{
    private const string SigningKey = "the bench deployment's signing key, 32+ bytes long";

    /// <summary>Every instance's settings (configuration keys), and the seeding host's.</summary>
    public static Dictionary<string, string> Settings(string database, string media, RedisServer? redis, bool redisSocket = false)
    {
        var settings = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["Radio:Database:Provider"] = "PostgreSql",
            ["ConnectionStrings:Radio"] = database,
            ["Radio:Media:Directory"] = media,
            ["Radio:Tokens:SigningKey"] = SigningKey,
            ["Radio:RateLimiting:HeartbeatsPerMinute"] = "1000000",
            ["Radio:RateLimiting:AuthPerMinute"] = "1000000",
            // one console line per request would measure the console, not the server
            ["Serilog:MinimumLevel:Default"] = "Warning",
            ["Serilog:MinimumLevel:Override:Microsoft.Hosting.Lifetime"] = "Warning",
            // EF logs the first connection to a database that its migration is about to create as an error
            ["Serilog:MinimumLevel:Override:Microsoft.EntityFrameworkCore.Database.Connection"] = "Fatal",
        };
        if (redis is not null)
        {
            settings["ConnectionStrings:Redis"] = redisSocket ? redis.SocketConnectionString : redis.ConnectionString;
        }

        return settings;
    }

    /// <summary>The settings as an instance process's environment, plus the run's own variables.</summary>
    public static Dictionary<string, string> Environment(Dictionary<string, string> settings, IReadOnlyDictionary<string, string> extra) =>
        settings.Select(s => (Key: s.Key.Replace(":", "__", StringComparison.Ordinal), s.Value))
            .Concat(extra.Select(e => (e.Key, e.Value)))
            .ToDictionary(s => s.Key, s => s.Value, StringComparer.Ordinal);

    /// <summary>Migrates the database and inserts the listeners through an in-process host that is gone before the instances start.</summary>
    public static async Task<string[]> SeedAsync(Dictionary<string, string> settings, string dataDirectory, int listeners, bool onAir)
    {
        await using var seeder = new BenchServer(dataDirectory, settings);
        var tokens = await SeedListenersAsync(seeder.Services, listeners);
        if (onAir)
        {
            await ListenRuns.PutSongOnAirAsync(seeder.Services);
        }

        return tokens;
    }

    public static string NginxSite(int port, IEnumerable<int> instancePorts, bool roundRobin) => $$"""
        upstream radio {
            {{string.Concat(instancePorts.Select(p => $"server 127.0.0.1:{p}; "))}}
            {{(roundRobin ? "" : ListenerAffinity)}}
            # unlike deploy/nginx.conf (streams): thousands of heartbeats a second on fresh connections would run out of
            # loopback ports in TIME_WAIT and measure connection setup
            keepalive 128;
            keepalive_requests 1000000; # a kept-alive connection to an instance is not closed every 1000 requests either
        }
        server {
            listen 127.0.0.1:{{port}};
            # wrk's 64 connections stand in for thousands of browsers, each sending one heartbeat per 15 s: nginx's
            # default of 1000 requests per connection would have wrk reconnect, which no browser would
            keepalive_requests 1000000;
            location / {
                proxy_pass http://radio;
                proxy_http_version 1.1;
                proxy_set_header Connection "";
            }
        }
        """;

    /// <summary>docs/deploying.md's balancing: each listener (their token, or their cookie) to one instance.</summary>
    private const string ListenerAffinity = "hash $http_authorization$cookie_radio_listener consistent;";

    /// <summary>CPU seconds of every process on the machine by pid (command, user + system), and of this process's finished children.</summary>
    public static Dictionary<int, (string Command, double Seconds)> CpuByProcess()
    {
        var processes = new Dictionary<int, (string, double)>();
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(directory), CultureInfo.InvariantCulture, out var pid))
            {
                continue;
            }

            try
            {
                var stat = File.ReadAllText(Path.Combine(directory, "stat"));
                var command = stat[(stat.IndexOf('(', StringComparison.Ordinal) + 1)..stat.LastIndexOf(')')];
                var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' '); // from the third field (state) on
                processes[pid] = (command, (double.Parse(fields[11], CultureInfo.InvariantCulture) + double.Parse(fields[12], CultureInfo.InvariantCulture)) / 100);
            }
            catch (IOException)
            {
                // gone meanwhile
            }
        }

        // wrk has exited by the second snapshot: its CPU is in this process's children's
        processes[-1] = ("wrk and other finished children", RenditionLoad.ChildrenCpuSeconds());
        return processes;
    }

    /// <summary>CPU seconds the instances used between two <see cref="CpuByProcess"/> snapshots.</summary>
    public static double CpuSeconds(IEnumerable<RadioProcess> instances, Dictionary<int, (string Command, double Seconds)> before, Dictionary<int, (string Command, double Seconds)> after) =>
        instances.Sum(i => after[i.ProcessId].Seconds - before[i.ProcessId].Seconds);

    /// <summary>The cores each command used between two <see cref="CpuByProcess"/> snapshots, the busiest first.</summary>
    public static string CoresByCommand(Dictionary<int, (string Command, double Seconds)> before, Dictionary<int, (string Command, double Seconds)> after, double seconds) =>
        string.Join(", ", after
            .Select(p => (p.Value.Command, Seconds: p.Value.Seconds - (before.TryGetValue(p.Key, out var b) && b.Command == p.Value.Command ? b.Seconds : 0)))
            .GroupBy(p => p.Command, (command, all) => (Command: command, Cores: all.Sum(p => p.Seconds) / seconds))
            .Where(c => c.Cores >= 0.01)
            .OrderByDescending(c => c.Cores)
            .Select(c => Invariant($"{c.Command} {c.Cores:F2}")));

    [System.Text.RegularExpressions.GeneratedRegex("gc_heap_generation=\"([a-z0-9]+)\"")]
    private static partial System.Text.RegularExpressions.Regex Generation();

    /// <summary>Context switches on the whole machine since it booted (<c>/proc/stat</c>'s <c>ctxt</c>).</summary>
    public static long ContextSwitches() => long.Parse(
        File.ReadLines("/proc/stat").First(l => l.StartsWith("ctxt ", StringComparison.Ordinal))[5..], CultureInfo.InvariantCulture);

    /// <summary>The machine's load average over the last minute, shared with whatever else runs.</summary>
    public static string Load() => File.ReadAllText("/proc/loadavg").Split(' ')[0];

    /// <summary>Every metric of the instances' <c>/metrics</c>, summed over labels and instances (a counter's total).</summary>
    public static async Task<Metrics> ScrapeAsync(IEnumerable<RadioProcess> instances)
    {
        using var client = new HttpClient();
        var sums = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var instance in instances)
        {
            var text = await client.GetStringAsync(new Uri(instance.BaseAddress, "/metrics"));
            foreach (var line in text.Split('\n', StringSplitOptions.RemoveEmptyEntries).Where(l => !l.StartsWith('#')))
            {
                // name{labels} value [timestamp]
                var braces = line.IndexOf('{', StringComparison.Ordinal);
                var name = braces >= 0 ? line[..braces] : line[..line.IndexOf(' ', StringComparison.Ordinal)];
                var sample = line[(braces >= 0 ? line.LastIndexOf('}') + 1 : name.Length)..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
                var value = double.Parse(sample[0], CultureInfo.InvariantCulture);
                sums[name] = sums.GetValueOrDefault(name) + value;
                if (braces >= 0 && Generation().Match(line) is { Success: true } generation)
                {
                    // and by GC generation too, as name:gen0
                    var key = name + ":" + generation.Groups[1].Value;
                    sums[key] = sums.GetValueOrDefault(key) + value;
                }
            }
        }

        return new Metrics(sums);
    }

    /// <summary>Sums of the instances' samples by metric name.</summary>
    public sealed record Metrics(IReadOnlyDictionary<string, double> Sums)
    {
        public long Statements => (long)this["radio_listening_write_statements_total"];

        public long Totals => (long)this["radio_listening_written_totals_total"];

        public double JitMethods => this["dotnet_jit_compiled_methods_total"];

        public double this[string name] => Sums.GetValueOrDefault(name);

        /// <summary>Several scrapes as one: each metric summed.</summary>
        public static Metrics Sum(IEnumerable<Metrics> scrapes) => new(scrapes.SelectMany(m => m.Sums)
            .GroupBy(s => s.Key, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Sum(s => s.Value), StringComparer.Ordinal));

        /// <summary>Where an instance's CPU went between two scrapes, besides the heartbeats: the JIT and GC pauses.</summary>
        public string RuntimeSince(Metrics before, double seconds)
        {
            return Invariant(
                $"JIT {this["dotnet_jit_compilation_time_seconds_total"] - before["dotnet_jit_compilation_time_seconds_total"]:F2} s ({JitMethods - before.JitMethods:F0} methods), GC pauses {this["dotnet_gc_pause_time_seconds_total"] - before["dotnet_gc_pause_time_seconds_total"]:F2} s ({Collections("gen0")} gen0, {Collections("gen1")} gen1, {Collections("gen2")} gen2 collections), {(this["dotnet_gc_heap_total_allocated_bytes_total"] - before["dotnet_gc_heap_total_allocated_bytes_total"]) / seconds / 1e6:F0} MB/s allocated");

            string Collections(string generation) =>
                (this["dotnet_gc_collections_total:" + generation] - before["dotnet_gc_collections_total:" + generation]).ToString("F0", CultureInfo.InvariantCulture);
        }
    }
}
