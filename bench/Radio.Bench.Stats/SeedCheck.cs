using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Radio.Infrastructure.Statistics;

namespace Radio.Bench.Stats;

/// <summary>
/// Keeps the bulk seeder honest: the same sessions written by <see cref="StatsWriter"/> in small batches and by
/// <see cref="BulkSeeder"/> must leave the same rows. <c>GET /admin/stats</c> reads only the rollups, so equal
/// rollups are equal answers; the presence rows decide what later batches count as new listeners.
/// </summary>
internal static class SeedCheck
{
    // small batches over few days: listeners come back across batches, in the same hour and the same day
    private const int Batch = 500;
    private const int Days = 2;

    public static async Task RunAsync(BenchOptions options, int count)
    {
        var sessions = SessionSource.Generate(count, Math.Max(1, count / 5), options.End.AddDays(-Days), options.End, seed: 7);
        var throughWriter = Path.Combine(options.DataDirectory, "check-writer.db");
        var inBulk = Path.Combine(options.DataDirectory, "check-bulk.db");
        await BenchDatabase.CreateAsync(throughWriter);
        await BenchDatabase.CreateAsync(inBulk);

        var started = Stopwatch.GetTimestamp();
        await WriterSeeder.SeedAsync(throughWriter, sessions, Batch);
        var writerTime = Stopwatch.GetElapsedTime(started);
        started = Stopwatch.GetTimestamp();
        await BulkSeeder.SeedAsync(inBulk, sessions);
        var bulkTime = Stopwatch.GetElapsedTime(started);

        var (expected, actual) = (await RowsAsync(throughWriter), await RowsAsync(inBulk));
        var differences = new List<string>();
        Compare("rollups", [.. expected.Rollups.Select(r => r.Counts)], [.. actual.Rollups.Select(r => r.Counts)], differences);
        // sums of the same seconds added in another order differ in the last bits
        if (expected.Rollups.Zip(actual.Rollups).FirstOrDefault(p => !Close(p.First.Seconds, p.Second.Seconds)) is { First.Counts: not null } sums)
        {
            differences.Add($"rollup {sums.First.Counts}: {sums.Second.Seconds}, not {sums.First.Seconds}");
        }

        Compare("presence rows", expected.Presence, actual.Presence, differences);
        Compare("session rows", expected.Sessions, actual.Sessions, differences);
        if (differences.Count > 0)
        {
            throw new InvalidOperationException("The bulk seeder's rows differ from StatsWriter's: " + string.Join("; ", differences));
        }

        Console.WriteLine($"Check: {count:N0} sessions written by StatsWriter ({count / Batch} batches of {Batch}, {writerTime.TotalSeconds:F1} s) " +
            $"and in bulk ({bulkTime.TotalSeconds:F1} s) leave the same {expected.Rollups.Count:N0} rollups, " +
            $"{expected.Presence.Count:N0} presence rows and {expected.Sessions.Count:N0} session rows");
        File.Delete(throughWriter);
        File.Delete(inBulk);
    }

    private static void Compare(string what, List<string> expected, List<string> actual, List<string> differences)
    {
        if (expected.Count != actual.Count)
        {
            differences.Add($"{actual.Count} {what}, not {expected.Count}");
            return;
        }

        var first = expected.Zip(actual).FirstOrDefault(p => p.First != p.Second);
        if (first != default)
        {
            differences.Add($"{what}: '{first.Second}', not '{first.First}'");
        }
    }

    private static bool Close((double Listening, double Length) a, (double Listening, double Length) b) =>
        Math.Abs(a.Listening - b.Listening) <= 1e-9 * Math.Max(1, Math.Abs(a.Listening))
        && Math.Abs(a.Length - b.Length) <= 1e-9 * Math.Max(1, Math.Abs(a.Length));

    private static async Task<(List<(string Counts, (double, double) Seconds)> Rollups, List<string> Presence, List<string> Sessions)> RowsAsync(string path)
    {
        await using var db = BenchDatabase.Open(path);
        var rollups = (await db.Set<StatsRollup>().AsNoTracking().ToListAsync())
            .OrderBy(r => r.Interval).ThenBy(r => r.Start)
            .Select(r => (FormattableString.Invariant(
                $"{r.Interval} {r.Start:O} sessions {r.Sessions} listeners {r.UniqueListeners} lengths {r.SessionsLt1m} {r.Sessions1To5m} {r.Sessions5To15m} {r.Sessions15To30m} {r.Sessions30To60m} {r.Sessions1To2h} {r.SessionsGt2h}"),
                (r.ListeningSeconds, r.SessionSeconds)))
            .ToList();
        var presence = (await db.Set<ListenerPresence>().AsNoTracking().ToListAsync())
            .Select(p => FormattableString.Invariant($"{p.Interval} {p.Start:O} {p.ListenerId}"))
            .Order(StringComparer.Ordinal).ToList();
        var sessions = (await db.Set<RecordedSession>().AsNoTracking().ToListAsync())
            .Select(s => FormattableString.Invariant($"{s.ListenerId} {s.StartedAt:O} {s.EndedAt:O} {s.CreditedSeconds:R}"))
            .Order(StringComparer.Ordinal).ToList();
        return (rollups, presence, sessions);
    }
}
