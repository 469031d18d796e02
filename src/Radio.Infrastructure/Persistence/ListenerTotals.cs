using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Radio.Domain.Listening;

namespace Radio.Infrastructure.Persistence;

/// <summary>
/// Lifetime totals with batched writes. Credit gathers in memory per listener; a flush writes, for every user whose
/// credit reached the threshold or whose session ended, one atomic increment in one transaction per flush, and
/// takes the written seconds off the pending credit only after the commit, so a failed write is retried, never
/// lost or counted twice. Anonymous listeners' totals stay in memory for the retention time.
/// </summary>
internal sealed partial class ListenerTotals : IListenerTotals, IDisposable
{
    public const string MeterName = "Radio.Listening";

    // SQL Server takes at most 2100 parameters per statement
    private const int IdsPerStatement = 500;

    private readonly ConcurrentDictionary<ListenerId, Entry> _entries = new();
    private readonly SemaphoreSlim _flushing = new(1, 1);
    private readonly Lock _loading = new();
    private Dictionary<int, TaskCompletionSource<long>> _waitingForStored = [];
    private bool _loaderRunning;
    private readonly IServiceScopeFactory _scopes;
    private readonly TimeProvider _clock;
    private readonly ILogger<ListenerTotals> _logger;
    private readonly Counter<long> _writeStatements;
    private readonly Counter<long> _writtenTotals;
    private readonly int _threshold;
    private readonly TimeSpan _sessionTimeout;
    private readonly TimeSpan _anonymousRetention;

    public ListenerTotals(
        IServiceScopeFactory scopes, TimeProvider clock, IOptions<RadioOptions> options, IMeterFactory meters, ILogger<ListenerTotals> logger)
    {
        _scopes = scopes;
        _clock = clock;
        _logger = logger;
        var listening = options.Value.Listening;
        _threshold = listening.FlushThresholdSeconds;
        _sessionTimeout = listening.SessionTimeout;
        _anonymousRetention = TimeSpan.FromHours(listening.AnonymousRetentionHours);
        var meter = meters.Create(MeterName);
        _writeStatements = meter.CreateCounter<long>(
            "radio.listening.write_statements", "{statement}", "SQL statements that wrote listening totals");
        _writtenTotals = meter.CreateCounter<long>(
            "radio.listening.written_totals", "{user}", "User totals incremented by committed flushes");
    }

    public async ValueTask<long> AddAsync(ListenerId listener, double credit, DateTimeOffset now, CancellationToken cancellationToken)
    {
        // credit is taken before anything awaits, so a cancelled request cannot lose it
        var entry = Credit(listener, credit, now);
        long? total;
        lock (entry)
        {
            total = entry.StoredKnown ? entry.Total : null;
        }

        if (total is { } known)
        {
            return known;
        }

        var stored = await StoredTotalAsync(listener.UserId!.Value).WaitAsync(cancellationToken);
        lock (entry)
        {
            // a flush may have refreshed it meanwhile; the fresher value wins
            if (!entry.StoredKnown)
            {
                entry.Stored = stored;
                entry.StoredKnown = true;
            }

            return entry.Total;
        }
    }

    public long UnstoredSeconds(ListenerId listener)
    {
        if (!_entries.TryGetValue(listener, out var entry))
        {
            return 0;
        }

        lock (entry)
        {
            return (long)Math.Floor(entry.Pending);
        }
    }

    /// <summary>
    /// Writes due credit (all of it when <paramref name="everything"/>, as at shutdown) and forgets listeners with
    /// nothing left to write. Returns false when the database failed; the credit then stays pending.
    /// </summary>
    public async Task<bool> TryFlushAsync(bool everything, CancellationToken cancellationToken)
    {
        try
        {
            await FlushAsync(everything, cancellationToken);
            return true;
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            // any database failure: the credit is still pending and the next flush retries it
            LogFlushFailed(_logger, exception);
            return false;
        }
    }

    /// <summary>Writes due credit; throws when the database fails, leaving the credit pending.</summary>
    public async Task FlushAsync(bool everything, CancellationToken cancellationToken)
    {
        await _flushing.WaitAsync(cancellationToken);
        try
        {
            var now = _clock.GetUtcNow();
            var due = CollectDue(everything, now);
            if (due.Count > 0)
            {
                var stored = await WriteAsync(due, cancellationToken);
                foreach (var (userId, seconds, entry) in due)
                {
                    lock (entry)
                    {
                        entry.Pending -= seconds;
                        if (stored.TryGetValue(userId, out var value))
                        {
                            entry.Stored = value;
                            entry.StoredKnown = true;
                        }
                    }
                }
            }

            Forget(now);
        }
        finally
        {
            _flushing.Release();
        }
    }

    public void Dispose() => _flushing.Dispose();

    private Entry Credit(ListenerId listener, double credit, DateTimeOffset now)
    {
        while (true)
        {
            var entry = _entries.GetOrAdd(listener, static l => new Entry { StoredKnown = l.IsAnonymous });
            lock (entry)
            {
                if (entry.Forgotten)
                {
                    continue;
                }

                entry.Pending += credit;
                if (now > entry.LastBeatAt)
                {
                    entry.LastBeatAt = now;
                }

                return entry;
            }
        }
    }

    private List<(int UserId, long Seconds, Entry Entry)> CollectDue(bool everything, DateTimeOffset now)
    {
        var due = new List<(int, long, Entry)>();
        foreach (var (listener, entry) in _entries)
        {
            if (listener.UserId is not { } userId)
            {
                continue;
            }

            lock (entry)
            {
                var whole = (long)Math.Floor(entry.Pending);
                if (whole >= 1 && (everything || whole >= _threshold || now - entry.LastBeatAt >= _sessionTimeout))
                {
                    due.Add((userId, whole, entry));
                }
            }
        }

        return due;
    }

    private async Task<Dictionary<int, long>> WriteAsync(
        List<(int UserId, long Seconds, Entry Entry)> due, CancellationToken cancellationToken)
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

    private void Forget(DateTimeOffset now)
    {
        foreach (var (listener, entry) in _entries)
        {
            lock (entry)
            {
                var forget = listener.IsAnonymous
                    ? now - entry.LastBeatAt >= _anonymousRetention
                    // the stored total is read again when they come back; a fraction of a second is dropped
                    : now - entry.LastBeatAt >= _sessionTimeout && entry.Pending < 1;
                if (forget)
                {
                    entry.Forgotten = true;
                    _entries.TryRemove(KeyValuePair.Create(listener, entry));
                }
            }
        }
    }

    /// <summary>
    /// A user's stored total, read once when they start listening. Reads are batched: while one query runs, the users
    /// who start meanwhile wait for the next, so a crowd reconnecting after a restart costs a few queries, not one each.
    /// </summary>
    private Task<long> StoredTotalAsync(int userId)
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

    [LoggerMessage(Level = LogLevel.Warning, Message = "Writing listening totals failed; the credit stays pending and is retried")]
    private static partial void LogFlushFailed(ILogger logger, Exception exception);

    /// <summary>One listener's credit; the instance is its own lock.</summary>
    private sealed class Entry
    {
        public double Pending;
        public long Stored;
        public bool StoredKnown;
        public bool Forgotten;
        public DateTimeOffset LastBeatAt;

        public long Total => Stored + (long)Math.Floor(Pending);
    }
}
