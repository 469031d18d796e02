using System.Globalization;
using System.Text.Json;
using Radio.TestData.Engines;
using static Radio.Bench.Heartbeat.HeartbeatBench;

namespace Radio.Bench.Heartbeat;

/// <summary>
/// Redis runs one command at a time: a command that takes long delays every heartbeat queued behind it. The slow log
/// (every command over a millisecond, from <see cref="Start"/> on) says which commands block it, and for how long. A
/// script's own calls are logged too when one of them is slow, so they may count twice in the total.
/// </summary>
internal static class RedisSlowLog
{
    private const int ThresholdMicroseconds = 1000;

    public static void Start(int port)
    {
        Cli(port, "config", "set", "slowlog-log-slower-than", ThresholdMicroseconds.ToString(CultureInfo.InvariantCulture));
        Cli(port, "config", "set", "slowlog-max-len", "100000");
        Cli(port, "slowlog", "reset");
    }

    public static void Report(int port, double seconds)
    {
        // each entry: id, time, microseconds, [command and arguments], client address, client name
        using var log = JsonDocument.Parse(Cli(port, "--json", "slowlog", "get", "100000"));
        var entries = log.RootElement.EnumerateArray().Select(e => (
            Micros: e[2].GetInt64(),
            Command: string.Join(' ', e[3].EnumerateArray().Take(2).Select(a => a.ToString()[..Math.Min(24, a.ToString().Length)])),
            Arguments: e[3].GetArrayLength())).ToList();
        var total = entries.Sum(e => e.Micros) / 1000.0;
        Console.WriteLine(Invariant(
            $"Redis commands over {ThresholdMicroseconds / 1000} ms (SLOWLOG, a script's slow calls included): {entries.Count}, {total:F0} ms in all = {total / (seconds * 10):F2}% of the time{(entries.Count == 0 ? "" : Invariant($", longest {entries.Max(e => e.Micros) / 1000.0:F1} ms"))}"));
        foreach (var group in entries.GroupBy(e => (e.Command, e.Arguments)).OrderByDescending(g => g.Sum(e => e.Micros)).Take(4))
        {
            Console.WriteLine(Invariant(
                $"         {group.Key.Command} ({group.Key.Arguments} arguments): {group.Count()} times, mean {group.Average(e => e.Micros) / 1000.0:F1} ms, max {group.Max(e => e.Micros) / 1000.0:F1} ms"));
        }
    }

    private static string Cli(int port, params string[] arguments) =>
        Engines.Run("redis-cli", ["-p", port.ToString(CultureInfo.InvariantCulture), .. arguments]);
}
