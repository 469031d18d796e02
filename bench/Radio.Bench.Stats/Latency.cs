using System.Diagnostics;
using System.Globalization;

namespace Radio.Bench.Stats;

/// <summary>Times one request after a warm-up, one at a time, and prints it as a row of the results table.</summary>
internal static class Latency
{
    public static void PrintHeader()
    {
        Console.WriteLine("| request | data | requests | answer | p50 ms | p99 ms | max ms |");
        Console.WriteLine("|---|---|---|---|---|---|---|");
    }

    /// <summary><paramref name="request"/> returns what it answered, for the table (e.g. "720 hours").</summary>
    public static async Task MeasureAsync(string name, string data, BenchOptions options, Func<Task<string>> request)
    {
        var answer = "";
        for (var i = 0; i < options.Warmup; i++)
        {
            answer = await request();
        }

        var latencies = new double[options.Requests];
        for (var i = 0; i < latencies.Length; i++)
        {
            var started = Stopwatch.GetTimestamp();
            answer = await request();
            latencies[i] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        }

        Array.Sort(latencies);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"| {name} | {data} | {latencies.Length} | {answer} | {Percentile(latencies, 50):F1} | {Percentile(latencies, 99):F1} | {latencies[^1]:F1} |"));
    }

    private static double Percentile(double[] sorted, int percent) =>
        sorted[Math.Clamp((int)Math.Ceiling(percent / 100.0 * sorted.Length) - 1, 0, sorted.Length - 1)];
}
