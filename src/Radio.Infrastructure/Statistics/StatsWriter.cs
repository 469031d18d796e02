using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Radio.Domain.Statistics;
using Radio.Infrastructure.Persistence;

namespace Radio.Infrastructure.Statistics;

/// <summary>
/// Writes a batch of ended sessions in one transaction: the raw rows, and the hour and day rollups they count in,
/// with a presence row per (interval, listener) so a listener is counted once per interval however many batches
/// bring their sessions. Rows are inserted many per statement; a rollup that exists is raised by an atomic
/// increment (one statement per interval the batch touches), so instances writing at once never lose a count.
/// Two instances inserting the same new row collide on its key: that transaction fails whole and is retried.
/// </summary>
internal sealed class StatsWriter(IServiceScopeFactory scopes)
{
    // SQL Server takes at most 2100 parameters per statement
    private const int ListenersPerQuery = 500;

    public async Task WriteAsync(IReadOnlyCollection<EndedSession> sessions, CancellationToken cancellationToken)
    {
        if (sessions.Count == 0)
        {
            return;
        }

        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<RadioDbContext>();
        // SQL Server's retrying strategy needs the whole transaction as one retriable unit
        await db.Database.CreateExecutionStrategy().ExecuteAsync(async ct =>
        {
            // counted afresh on each attempt: a retry must not add the listeners twice
            var tallies = IntervalTally.Of(sessions);
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            var first = tallies.Min(t => t.Tally.Start);
            var last = tallies.Max(t => t.Tally.Start);

            var presence = await PresentAsync(db, tallies, ct);
            var newPresence = new List<ListenerPresence>();
            foreach (var (tally, listeners) in tallies)
            {
                var added = listeners.Where(l => !presence.Contains((tally.Interval, tally.Start, l)))
                    .Select(l => new ListenerPresence { Interval = tally.Interval, Start = tally.Start, ListenerId = l })
                    .ToList();
                tally.AddListeners(added.Count);
                newPresence.AddRange(added);
            }

            var stored = (await db.Set<StatsRollup>().AsNoTracking()
                    .Where(r => r.Start >= first && r.Start <= last)
                    .Select(r => new { r.Interval, r.Start }).ToListAsync(ct))
                .Select(r => (r.Interval, r.Start)).ToHashSet();
            var newRollups = new List<StatsRollup>();
            foreach (var (tally, _) in tallies)
            {
                if (stored.Contains((tally.Interval, tally.Start)))
                {
                    await IncrementAsync(db, tally, ct);
                }
                else
                {
                    newRollups.Add(StatsRollup.From(tally));
                }
            }

            await MultiRowInsert.InsertAsync(db, newRollups, ct);
            await MultiRowInsert.InsertAsync(db, newPresence, ct);
            await MultiRowInsert.InsertAsync(db, [.. sessions.Select(RecordedSession.From)], ct);
            await transaction.CommitAsync(ct);
        }, cancellationToken);
    }

    private static async Task<HashSet<(StatsInterval, DateTimeOffset, string)>> PresentAsync(
        RadioDbContext db, IReadOnlyList<(IntervalTally Tally, IReadOnlySet<string> Listeners)> tallies, CancellationToken cancellationToken)
    {
        var present = new HashSet<(StatsInterval, DateTimeOffset, string)>();
        // per interval kind, so the key (interval, start, listener) narrows each read to the batch's starts
        foreach (var kind in tallies.GroupBy(t => t.Tally.Interval))
        {
            var interval = kind.Key;
            var first = kind.Min(t => t.Tally.Start);
            var last = kind.Max(t => t.Tally.Start);
            foreach (var ids in kind.SelectMany(t => t.Listeners).Distinct(StringComparer.Ordinal).Chunk(ListenersPerQuery))
            {
                var rows = await db.Set<ListenerPresence>().AsNoTracking()
                    .Where(p => p.Interval == interval && p.Start >= first && p.Start <= last && ids.Contains(p.ListenerId))
                    .Select(p => new { p.Start, p.ListenerId })
                    .ToListAsync(cancellationToken);
                present.UnionWith(rows.Select(p => (interval, p.Start, p.ListenerId)));
            }
        }

        return present;
    }

    private static Task<int> IncrementAsync(RadioDbContext db, IntervalTally t, CancellationToken cancellationToken)
    {
        var (seconds, sessions, length, listeners) = (t.ListeningSeconds, t.Sessions, t.SessionSeconds, t.UniqueListeners);
        var (b0, b1, b2, b3, b4, b5, b6) = (t.Lengths[0], t.Lengths[1], t.Lengths[2], t.Lengths[3], t.Lengths[4], t.Lengths[5], t.Lengths[6]);
        return db.Set<StatsRollup>().Where(r => r.Interval == t.Interval && r.Start == t.Start).ExecuteUpdateAsync(s => s
            .SetProperty(r => r.ListeningSeconds, r => r.ListeningSeconds + seconds)
            .SetProperty(r => r.Sessions, r => r.Sessions + sessions)
            .SetProperty(r => r.SessionSeconds, r => r.SessionSeconds + length)
            .SetProperty(r => r.UniqueListeners, r => r.UniqueListeners + listeners)
            .SetProperty(r => r.SessionsLt1m, r => r.SessionsLt1m + b0)
            .SetProperty(r => r.Sessions1To5m, r => r.Sessions1To5m + b1)
            .SetProperty(r => r.Sessions5To15m, r => r.Sessions5To15m + b2)
            .SetProperty(r => r.Sessions15To30m, r => r.Sessions15To30m + b3)
            .SetProperty(r => r.Sessions30To60m, r => r.Sessions30To60m + b4)
            .SetProperty(r => r.Sessions1To2h, r => r.Sessions1To2h + b5)
            .SetProperty(r => r.SessionsGt2h, r => r.SessionsGt2h + b6), cancellationToken);
    }
}
