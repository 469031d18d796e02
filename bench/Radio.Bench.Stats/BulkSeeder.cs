using Radio.Domain.Statistics;
using Radio.Infrastructure.Statistics;

namespace Radio.Bench.Stats;

/// <summary>
/// Writes the rows <see cref="StatsWriter"/> would build for the sessions, counted in memory all at once and
/// inserted in one transaction: each interval's rollup, a presence row per listener in it, and the raw sessions.
/// One batch holding every session gives what many batches add up to (<see cref="SeedCheck"/> holds it to that).
/// </summary>
internal static class BulkSeeder
{
    public static async Task SeedAsync(string databasePath, IReadOnlyList<EndedSession> sessions)
    {
        var rollups = new List<StatsRollup>();
        var presence = new List<ListenerPresence>();
        foreach (var (tally, listeners) in IntervalTally.Of(sessions).OrderBy(t => t.Tally.Interval).ThenBy(t => t.Tally.Start))
        {
            tally.AddListeners(listeners.Count);
            rollups.Add(StatsRollup.From(tally));
            // in key order, so each insert lands at the end of the key's index
            presence.AddRange(listeners.Order(StringComparer.Ordinal)
                .Select(l => new ListenerPresence { Interval = tally.Interval, Start = tally.Start, ListenerId = l }));
        }

        await using var db = await BenchDatabase.OpenForSeedingAsync(databasePath);
        await using var transaction = await db.Database.BeginTransactionAsync();
        await MultiRowInsert.InsertAsync(db, rollups, CancellationToken.None);
        await MultiRowInsert.InsertAsync(db, presence, CancellationToken.None);
        await MultiRowInsert.InsertAsync(db, [.. sessions.Select(RecordedSession.From)], CancellationToken.None);
        await transaction.CommitAsync();
    }
}
