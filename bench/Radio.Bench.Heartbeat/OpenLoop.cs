using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using static Radio.Bench.Heartbeat.HeartbeatBench;

namespace Radio.Bench.Heartbeat;

/// <summary>
/// Heartbeats at a fixed offered rate (open loop), as listeners send them: request i is due at start + i / rate
/// whether or not earlier ones have been answered. Each latency counts from the request's due time, not from when a
/// connection was free to send it, so a stall also counts in the requests queued behind it (no coordinated omission,
/// as wrk2 measures). At most <c>connections</c> are in flight; a request that finds them all busy waits, and that wait
/// is latency too.
/// </summary>
internal static class OpenLoop
{
    /// <summary>Latencies from due times; LateP99Ms is how late the generator itself sent a request it had a free connection for (its timer).</summary>
    internal sealed record Result(double Offered, double Achieved, double P50Ms, double P99Ms, double P999Ms, double MaxMs, double LateP99Ms, long Failures);

    public static async Task<Result> RunAsync(string address, string[] tokens, DateTimeOffset connectTime, int connections, double rate, int seconds)
    {
        using var handler = new SocketsHttpHandler
        {
            MaxConnectionsPerServer = connections,
            PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
            UseCookies = false,
        };
        using var client = new HttpClient(handler) { BaseAddress = new Uri(address) };
        var total = (long)(rate * seconds);
        var interval = Stopwatch.Frequency / rate;
        long next = -1;
        long failures = 0;
        var started = Stopwatch.GetTimestamp() + Stopwatch.Frequency / 10; // every worker waiting before the first is due
        var workers = Enumerable.Range(0, connections).Select(async _ =>
        {
            var latencies = new List<long>(1 << 14);
            var late = new List<long>(1 << 14);
            long n;
            while ((n = Interlocked.Increment(ref next)) < total)
            {
                var due = started + (long)(n * interval);
                var wait = due - Stopwatch.GetTimestamp();
                if (wait > 0)
                {
                    // whole milliseconds, rounded up: the timer's own granularity, and never early (a request sent
                    // before its due time would hide part of its latency)
                    await Task.Delay(TimeSpan.FromMilliseconds(Math.Ceiling(wait * 1000.0 / Stopwatch.Frequency)));
                    late.Add(Stopwatch.GetTimestamp() - due);
                }

                var played = (TimeProvider.System.GetUtcNow() - connectTime).TotalSeconds;
                using var request = new HttpRequestMessage(HttpMethod.Post, "/api/heartbeat")
                {
                    Content = new StringContent(Invariant(
                        $"{{\"connect_time\":\"{connectTime:O}\",\"played_seconds\":{played:F3}}}"), Encoding.UTF8, "application/json"),
                };
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", tokens[n % tokens.Length]);
                using var response = await client.SendAsync(request);
                await response.Content.LoadIntoBufferAsync();
                latencies.Add(Stopwatch.GetTimestamp() - due);
                if (response.StatusCode != HttpStatusCode.OK)
                {
                    Interlocked.Increment(ref failures);
                }
            }

            return (latencies, late);
        }).ToList();
        var done = await Task.WhenAll(workers);
        var elapsed = (Stopwatch.GetTimestamp() - started) / (double)Stopwatch.Frequency;
        var all = done.SelectMany(d => d.latencies).Order().ToArray();
        var lateness = done.SelectMany(d => d.late).Order().ToArray();
        return new Result(rate, all.Length / elapsed, Ms(all, 0.50), Ms(all, 0.99), Ms(all, 0.999), Ms(all, 1), Ms(lateness, 0.99), failures);
    }

    public static void Report(string label, int connections, Result r) => Console.WriteLine(Invariant(
        $"{label,-8} {connections,3} connections, open loop: {r.Offered:F0} heartbeats/s offered, {r.Achieved:F0} answered/s, p50 {r.P50Ms:F2} ms, p99 {r.P99Ms:F2} ms, p99.9 {r.P999Ms:F2} ms, max {r.MaxMs:F1} ms (from each request's due time; the generator's own timer sent p99 {r.LateP99Ms:F2} ms late), non-200 {r.Failures}"));

    private static double Ms(long[] sorted, double quantile) =>
        sorted.Length == 0 ? 0 : sorted[(int)Math.Min(sorted.Length - 1, quantile * sorted.Length)] * 1000.0 / Stopwatch.Frequency;
}
