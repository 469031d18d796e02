using System.Diagnostics.Metrics;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Radio.Domain.Listens;
using Radio.Domain.Station;

namespace Radio.Infrastructure.Persistence;

/// <summary>
/// What one flush writes, in one transaction: lifetime totals, credit per UTC day (added to its day, week and month),
/// decided listens, and all listeners' whole seconds per play (by schedule sequence).
/// </summary>
internal sealed record FlushBatch(
    IReadOnlyCollection<(int UserId, long Seconds)> Totals,
    IReadOnlyCollection<(int UserId, DateOnly Day, long Seconds)> Days,
    IReadOnlyCollection<Listen> Listens,
    IReadOnlyCollection<(long Sequence, long Seconds)> Plays)
{
    public bool IsEmpty => Totals.Count == 0 && Days.Count == 0 && Listens.Count == 0 && Plays.Count == 0;
}

/// <summary>
/// The users' stored <c>total_listen_time</c>, their credit per day and their listens: batched reads, and increments
/// that never read-modify-write.
/// </summary>
internal sealed class StoredTotals
{
    public const string MeterName = Application.Common.RadioMeter.Name;

    // SQL Server takes at most 2100 parameters per statement
    private const int IdsPerStatement = 500;

    private readonly IServiceScopeFactory _scopes;
    private readonly Counter<long> _writeStatements;
    private readonly Counter<long> _writtenTotals;
    private readonly Counter<long> _creditFlushed;
    private readonly Counter<long> _flushBatches;
    private readonly Counter<long> _flushFailures;
    private readonly Meter _meter;
    private readonly Lock _loading = new();
    private Dictionary<int, TaskCompletionSource<long>> _waitingForStored = [];
    private bool _loaderRunning;

    public StoredTotals(IServiceScopeFactory scopes, IMeterFactory meters)
    {
        _scopes = scopes;
        var meter = _meter = meters.Create(MeterName);
        _writeStatements = meter.CreateCounter<long>(
            "radio.listening.write_statements", "{statement}", "SQL statements that wrote listening totals");
        _writtenTotals = meter.CreateCounter<long>(
            "radio.listening.written_totals", "{user}", "User totals incremented by committed flushes");
        _creditFlushed = meter.CreateCounter<long>(
            "radio.listening.credit_flushed", "s", "Listening credit written to the database by committed flushes");
        _flushBatches = meter.CreateCounter<long>("radio.listening.flush_batches", "{batch}", "Committed flushes of listening credit");
        _flushFailures = meter.CreateCounter<long>("radio.listening.flush_failures", "{batch}", "Flushes the database failed");
    }

    /// <summary>Exports the credit not yet written (read when a scrape asks).</summary>
    public void ObservePending(Func<long> pendingSeconds) =>
        _meter.CreateObservableGauge("radio.listening.credit_pending", pendingSeconds, "s", "Listening credit not yet written to the database");

    /// <summary>
    /// A user's stored total, read once when they start listening. Reads are batched: while one query runs, the users
    /// who start meanwhile wait for the next, so a crowd reconnecting after a restart costs a few queries, not one each.
    /// </summary>
    public Task<long> ReadAsync(int userId)
    {
        TaskCompletionSource<long>? waiter;
        var startLoader = false;
        lock (_loading)
        {
            if (!_waitingForStored.TryGetValue(userId, out waiter))
            {
                waiter = new TaskCompletionSource<long>(TaskCreationOptions.RunContinuationsAsynchronously);
                _waitingForStored[userId] = waiter;
            }

            if (!_loaderRunning)
            {
                _loaderRunning = startLoader = true;
            }
        }

        if (startLoader)
        {
            _ = Task.Run(LoadWaitingAsync);
        }

        return waiter.Task;
    }

    /// <summary>
    /// Adds each user's seconds to their stored total, atomically in SQL, all in one transaction; returns the totals
    /// after the increments. Throws when the database fails, and then nothing was added.
    /// </summary>
    public Task<Dictionary<int, long>> IncrementAsync(
        IReadOnlyCollection<(int UserId, long Seconds)> due, CancellationToken cancellationToken) =>
        IncrementAsync(new FlushBatch(due, [], [], []), cancellationToken);

    /// <summary>
    /// Writes a flush's batch in one transaction: the totals' increments, the periods' increments (rows not there yet
    /// inserted), the plays' increments and the listens not stored yet (a listen of a song deleted meanwhile is
    /// dropped). Returns the totals after the increments; throws when the database fails, and then nothing was written.
    /// </summary>
    public async Task<Dictionary<int, long>> IncrementAsync(FlushBatch batch, CancellationToken cancellationToken)
    {
        try
        {
            var written = await WriteAsync(batch, cancellationToken);
            _creditFlushed.Add(batch.Totals.Sum(d => d.Seconds));
            _flushBatches.Add(1);
            return written;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            _flushFailures.Add(1);
            throw;
        }
    }

    private async Task<Dictionary<int, long>> WriteAsync(FlushBatch batch, CancellationToken cancellationToken)
    {
        var due = batch.Totals;
        await using var scope = _scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<RadioDbContext>();
        // SQL Server's retrying strategy needs the whole transaction as one retriable unit
        return await db.Database.CreateExecutionStrategy().ExecuteAsync(async ct =>
        {
            db.ChangeTracker.Clear();
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            // users with the same amount share one statement: at steady state most have just passed the threshold
            foreach (var group in due.GroupBy(d => d.Seconds))
            {
                var seconds = group.Key;
                foreach (var ids in group.Select(d => d.UserId).Chunk(IdsPerStatement))
                {
                    await db.Users.Where(u => ids.Contains(u.Id)).ExecuteUpdateAsync(
                        s => s.SetProperty(u => u.TotalListenTime, u => u.TotalListenTime + seconds), ct);
                    _writeStatements.Add(1);
                }
            }

            await IncrementPeriodsAsync(db, batch.Days, ct);
            await IncrementPlaysAsync(db, batch.Plays, ct);
            await AddListensAsync(db, batch.Listens, ct);
            if (db.ChangeTracker.HasChanges())
            {
                // the new period rows and the listens: multi-row inserts, in batches of the provider's size
                await db.SaveChangesAsync(ct);
                _writeStatements.Add(1);
            }

            // read back inside the transaction: the totals now include other instances' increments too
            var stored = new Dictionary<int, long>(due.Count);
            foreach (var ids in due.Select(d => d.UserId).Chunk(IdsPerStatement))
            {
                foreach (var row in await db.Users.AsNoTracking().Where(u => ids.Contains(u.Id))
                    .Select(u => new { u.Id, u.TotalListenTime }).ToListAsync(ct))
                {
                    stored[row.Id] = row.TotalListenTime;
                }
            }

            await transaction.CommitAsync(ct);
            _writtenTotals.Add(due.Count);
            return stored;
        }, cancellationToken);
    }

    /// <summary>
    /// Adds each user's credit per day to the day, its week and its month (<see cref="ListeningPeriodTotal"/>): per
    /// period one read of the rows already there, one atomic increment per amount, one insert of the new rows.
    /// </summary>
    private async Task IncrementPeriodsAsync(
        RadioDbContext db, IReadOnlyCollection<(int UserId, DateOnly Day, long Seconds)> days, CancellationToken ct)
    {
        var credit = days
            .SelectMany(d => ListeningPeriodTotal.Holding(d.Day).Select(p => (p.Period, p.Start, d.UserId, d.Seconds)))
            .GroupBy(c => (c.Period, c.Start, c.UserId), c => c.Seconds)
            .Select(g => (g.Key.Period, g.Key.Start, g.Key.UserId, Seconds: g.Sum()));
        foreach (var held in credit.GroupBy(c => (c.Period, c.Start)))
        {
            var (period, start) = held.Key;
            var rows = db.Set<ListeningPeriodTotal>().Where(p => p.Period == period && p.Start == start);
            var stored = new HashSet<int>();
            foreach (var ids in held.Select(c => c.UserId).Chunk(IdsPerStatement))
            {
                stored.UnionWith(await rows.Where(p => ids.Contains(p.UserId)).Select(p => p.UserId).ToListAsync(ct));
            }

            // like the totals: one atomic increment per amount; a row another instance inserts first fails the
            // transaction on its key, and the retry finds the row
            foreach (var group in held.Where(c => stored.Contains(c.UserId)).GroupBy(c => c.Seconds))
            {
                var seconds = group.Key;
                foreach (var ids in group.Select(c => c.UserId).Chunk(IdsPerStatement))
                {
                    await rows.Where(p => ids.Contains(p.UserId)).ExecuteUpdateAsync(
                        s => s.SetProperty(p => p.Seconds, p => p.Seconds + seconds), ct);
                    _writeStatements.Add(1);
                }
            }

            db.AddRange(held.Where(c => !stored.Contains(c.UserId))
                .Select(c => new ListeningPeriodTotal { Period = period, Start = start, UserId = c.UserId, Seconds = c.Seconds }));
        }
    }

    private async Task IncrementPlaysAsync(
        RadioDbContext db, IReadOnlyCollection<(long Sequence, long Seconds)> plays, CancellationToken ct)
    {
        // one or two plays per flush interval: one atomic increment each (a play no longer stored matches no row)
        foreach (var (sequence, seconds) in plays)
        {
            await db.Set<ScheduleEntry>().Where(e => e.Sequence == sequence).ExecuteUpdateAsync(
                s => s.SetProperty(e => e.ListenedSeconds, e => e.ListenedSeconds + seconds), ct);
            _writeStatements.Add(1);
        }
    }

    private static async Task AddListensAsync(RadioDbContext db, IReadOnlyCollection<Listen> listens, CancellationToken ct)
    {
        if (listens.Count == 0)
        {
            return;
        }

        // a retried flush may find some already stored (its earlier commit went through unconfirmed)
        var stored = new HashSet<(int, long)>();
        foreach (var chunk in listens.Chunk(IdsPerStatement / 2))
        {
            var users = chunk.Select(l => l.UserId).Distinct().ToList();
            var plays = chunk.Select(l => l.PlaySequence).Distinct().ToList();
            foreach (var row in await db.Set<Listen>().AsNoTracking()
                .Where(l => users.Contains(l.UserId) && plays.Contains(l.PlaySequence))
                .Select(l => new { l.UserId, l.PlaySequence }).ToListAsync(ct))
            {
                stored.Add((row.UserId, row.PlaySequence));
            }
        }

        var songs = new HashSet<int>();
        foreach (var ids in listens.Select(l => l.SongId).Distinct().Chunk(IdsPerStatement))
        {
            songs.UnionWith(await db.Songs.Where(s => ids.Contains(s.Id)).Select(s => s.Id).ToListAsync(ct));
        }

        db.AddRange(listens
            .Where(l => songs.Contains(l.SongId) && stored.Add((l.UserId, l.PlaySequence))));
    }

    private async Task LoadWaitingAsync()
    {
        while (true)
        {
            Dictionary<int, TaskCompletionSource<long>> batch;
            lock (_loading)
            {
                if (_waitingForStored.Count == 0)
                {
                    _loaderRunning = false;
                    return;
                }

                (batch, _waitingForStored) = (_waitingForStored, []);
            }

            try
            {
                var stored = await ReadStoredAsync(batch.Keys);
                foreach (var (userId, waiter) in batch)
                {
                    waiter.TrySetResult(stored.GetValueOrDefault(userId));
                }
            }
            catch (Exception exception)
            {
                // the waiting heartbeats fail with the database's error; their credit is already pending
                foreach (var waiter in batch.Values)
                {
                    waiter.TrySetException(exception);
                }
            }
        }
    }

    private async Task<Dictionary<int, long>> ReadStoredAsync(IEnumerable<int> userIds)
    {
        await using var scope = _scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<RadioDbContext>();
        var stored = new Dictionary<int, long>();
        foreach (var ids in userIds.Chunk(IdsPerStatement))
        {
            foreach (var row in await db.Users.AsNoTracking().Where(u => ids.Contains(u.Id))
                .Select(u => new { u.Id, u.TotalListenTime }).ToListAsync())
            {
                stored[row.Id] = row.TotalListenTime;
            }
        }

        return stored;
    }
}
