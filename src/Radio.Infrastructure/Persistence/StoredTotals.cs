using System.Diagnostics.Metrics;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Radio.Infrastructure.Persistence;

/// <summary>The users' stored <c>total_listen_time</c>: batched reads, and increments that never read-modify-write.</summary>
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
    public async Task<Dictionary<int, long>> IncrementAsync(
        IReadOnlyCollection<(int UserId, long Seconds)> due, CancellationToken cancellationToken)
    {
        try
        {
            var written = await WriteAsync(due, cancellationToken);
            _creditFlushed.Add(due.Sum(d => d.Seconds));
            _flushBatches.Add(1);
            return written;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            _flushFailures.Add(1);
            throw;
        }
    }

    private async Task<Dictionary<int, long>> WriteAsync(
        IReadOnlyCollection<(int UserId, long Seconds)> due, CancellationToken cancellationToken)
    {
        await using var scope = _scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<RadioDbContext>();
        // SQL Server's retrying strategy needs the whole transaction as one retriable unit
        return await db.Database.CreateExecutionStrategy().ExecuteAsync(async ct =>
        {
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
