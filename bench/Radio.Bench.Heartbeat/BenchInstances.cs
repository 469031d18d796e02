using System.Globalization;
using Radio.TestData.Engines;
using static Radio.Bench.Heartbeat.HeartbeatBench;

namespace Radio.Bench.Heartbeat;

/// <summary>
/// --instances [--wrk] [--wrk-threads=N] [--rate=R] [--direct] [--instance-env=NAME=VALUE ...] [listeners] [seconds]: R is
/// the open loop's offered rate (heartbeats/s; by default the listeners' own, one heartbeat each per 15 s); --direct also sends the max-rate load straight to the first instance,
/// past nginx; each --instance-env is set for every instance process (a GC setting to try).
/// </summary>
internal sealed record InstanceOptions(bool UseWrk, bool Direct, int WrkThreads, double Rate, int Listeners, int Seconds, IReadOnlyDictionary<string, string> InstanceEnvironment)
{
    public static InstanceOptions Parse(string[] args)
    {
        var positional = args.Where(a => !a.StartsWith("--", StringComparison.Ordinal)).ToArray();
        var environment = args.Where(a => a.StartsWith("--instance-env=", StringComparison.Ordinal))
            .Select(a => a["--instance-env=".Length..].Split('=', 2))
            .ToDictionary(p => p[0], p => p[1], StringComparer.Ordinal);
        var listeners = positional.Length > 0 ? int.Parse(positional[0], CultureInfo.InvariantCulture) : 10_000;
        return new InstanceOptions(
            args.Contains("--wrk"),
            args.Contains("--direct"),
            (int)Option("--wrk-threads=", 2),
            Option("--rate=", listeners / 15.0),
            listeners,
            positional.Length > 1 ? int.Parse(positional[1], CultureInfo.InvariantCulture) : 30,
            environment);

        double Option(string prefix, double fallback) => args.FirstOrDefault(a => a.StartsWith(prefix, StringComparison.Ordinal)) is { } option
            ? double.Parse(option[prefix.Length..], CultureInfo.InvariantCulture)
            : fallback;
    }
}

/// <summary>How the bench's instances are configured, seeded, balanced and read.</summary>
internal static class BenchInstances
{
    private const string SigningKey = "the bench deployment's signing key, 32+ bytes long";

    /// <summary>Every instance's settings (configuration keys), and the seeding host's.</summary>
    public static Dictionary<string, string> Settings(string database, string media, RedisServer? redis)
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
            settings["ConnectionStrings:Redis"] = redis.ConnectionString;
        }

        return settings;
    }

    /// <summary>The settings as an instance process's environment, plus the run's own variables.</summary>
    public static Dictionary<string, string> Environment(Dictionary<string, string> settings, IReadOnlyDictionary<string, string> extra) =>
        settings.Select(s => (Key: s.Key.Replace(":", "__", StringComparison.Ordinal), s.Value))
            .Concat(extra.Select(e => (e.Key, e.Value)))
            .ToDictionary(s => s.Key, s => s.Value, StringComparer.Ordinal);

    /// <summary>Migrates the database and inserts the listeners through an in-process host that is gone before the instances start.</summary>
    public static async Task<string[]> SeedAsync(Dictionary<string, string> settings, string dataDirectory, int listeners)
    {
        await using var seeder = new BenchServer(dataDirectory, settings);
        return await SeedListenersAsync(seeder.Services, listeners);
    }

    public static string NginxSite(int port, IEnumerable<int> instancePorts) => $$"""
        upstream radio {
            {{string.Concat(instancePorts.Select(p => $"server 127.0.0.1:{p}; "))}}
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

    /// <summary>CPU seconds the processes have used (user + system, from /proc), to say how much of the cores they had.</summary>
    public static double CpuSeconds(IEnumerable<RadioProcess> instances) => instances.Sum(i =>
    {
        // /proc/<pid>/stat: fields 14 and 15 (utime, stime) in clock ticks, after the command in parentheses
        var fields = File.ReadAllText($"/proc/{i.ProcessId}/stat").Split(')')[^1].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return (double.Parse(fields[11], CultureInfo.InvariantCulture) + double.Parse(fields[12], CultureInfo.InvariantCulture)) / 100;
    });

    /// <summary>The machine's load average over the last minute, shared with whatever else runs.</summary>
    public static string Load() => File.ReadAllText("/proc/loadavg").Split(' ')[0];

    /// <summary>Listening totals' write statements and user totals written, summed over the instances' <c>/metrics</c>.</summary>
    public static async Task<(long Statements, long Totals)> ScrapeWritesAsync(IEnumerable<RadioProcess> instances)
    {
        using var client = new HttpClient();
        long statements = 0, totals = 0;
        foreach (var instance in instances)
        {
            var text = await client.GetStringAsync(new Uri(instance.BaseAddress, "/metrics"));
            foreach (var line in text.Split('\n').Where(l => l.StartsWith("radio_listening_w", StringComparison.Ordinal)))
            {
                // name{labels} value [timestamp]
                var sample = line[(line.LastIndexOf('}') + 1)..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
                var value = (long)double.Parse(sample[line.Contains('}', StringComparison.Ordinal) ? 0 : 1], CultureInfo.InvariantCulture);
                if (line.StartsWith("radio_listening_write_statements", StringComparison.Ordinal))
                {
                    statements += value;
                }
                else if (line.StartsWith("radio_listening_written_totals", StringComparison.Ordinal))
                {
                    totals += value;
                }
            }
        }

        return (statements, totals);
    }
}
