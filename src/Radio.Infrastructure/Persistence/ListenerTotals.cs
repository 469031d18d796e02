using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Radio.Domain.Listening;
using Radio.Infrastructure.Listening;
using Radio.Infrastructure.Listens;

namespace Radio.Infrastructure.Persistence;

/// <summary>
/// Lifetime totals with batched writes. Credit gathers in memory per listener; a flush writes every user whose
/// credit reached the threshold or whose session ended, in one transaction (<see cref="StoredTotals"/>), and
/// takes the written seconds off the pending credit only after the commit, so a failed write is retried, never
/// lost or counted twice. Anonymous listeners' totals are never stored: <see cref="AnonymousListeners"/> holds them,
/// so a flush walks only the users with credit in memory. The same transaction adds the due users' credit per UTC
/// day, inserts the listens <see cref="InMemoryPlayCredits"/> decided and adds every listener's whole seconds per play
/// (anonymous listeners' too) to the plays' listened seconds, each taken off only after the commit too.
/// </summary>
[SuppressMessage("Reliability", "CA1001:Types that own disposable fields should be disposable",
    Justification = "The SemaphoreSlim never allocates a wait handle; not disposing it lets a flush that runs while the host is torn down finish instead of failing")]
internal sealed partial class ListenerTotals : IListenerTotals
{
    private readonly ConcurrentDictionary<ListenerId, Entry> _entries = new();
    private readonly SemaphoreSlim _flushing = new(1, 1);
    private readonly StoredTotals _stored;
    private readonly AnonymousListeners _anonymous;
    private readonly InMemoryPlayCredits _plays;
    private readonly TimeProvider _clock;
    private readonly ILogger<ListenerTotals> _logger;
    private readonly int _threshold;
    private readonly TimeSpan _sessionTimeout;

    public ListenerTotals(
        StoredTotals stored, AnonymousListeners anonymous, InMemoryPlayCredits plays, TimeProvider clock,
        IOptions<RadioOptions> options, ILogger<ListenerTotals> logger)
    {
        _stored = stored;
        _anonymous = anonymous;
        _plays = plays;
        _clock = clock;
        _logger = logger;
        var listening = options.Value.Listening;
        _threshold = listening.FlushThresholdSeconds;
        _sessionTimeout = listening.SessionTimeout;
        stored.ObservePending(PendingSeconds);
    }

    public async ValueTask<long> AddAsync(ListenerId listener, double credit, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (listener.IsAnonymous)
        {
            return _anonymous.Add(listener, credit, now);
        }

        // credit is taken before anything awaits, so a cancelled request cannot lose it
        var entry = Credit(listener, credit, now, countsForDays: true);
        long? total;
        lock (entry)
        {
            total = entry.StoredKnown ? entry.Total : null;
        }

        if (total is { } known)
        {
            return known;
        }

        var stored = await _stored.ReadAsync(listener.UserId!.Value).WaitAsync(cancellationToken);
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

    public ValueTask<long> CarryOverAsync(ListenerId anonymous, ListenerId user, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var seconds = Math.Floor(_anonymous.Take(anonymous));
        if (seconds >= 1)
        {
            // pending like any credit: written by the next flush, in the same batched increments; it was earned
            // before the account existed, so it counts for the lifetime total only, not for a period
            Credit(user, seconds, now, countsForDays: false);
        }

        return ValueTask.FromResult((long)seconds);
    }

    public ValueTask<IReadOnlyDictionary<int, long>> UnstoredSecondsAsync(IReadOnlyCollection<int> userIds, CancellationToken cancellationToken)
    {
        var unstored = new Dictionary<int, long>(userIds.Count);
        foreach (var userId in userIds)
        {
            unstored[userId] = Unstored(ListenerId.ForUser(userId));
        }

        return ValueTask.FromResult<IReadOnlyDictionary<int, long>>(unstored);
    }

    private long Unstored(ListenerId listener)
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
            var listens = _plays.Pending();
            var airtime = _plays.PendingAirtime();
            var batch = new FlushBatch(
                [.. due.Select(d => (d.UserId, d.Seconds))],
                [.. due.SelectMany(d => d.Days.Select(day => (d.UserId, day.Day, day.Seconds)))],
                listens,
                airtime);
            if (!batch.IsEmpty)
            {
                var stored = await _stored.IncrementAsync(batch, cancellationToken);
                _plays.Written(listens);
                _plays.AirtimeWritten(airtime);
                foreach (var (userId, seconds, days, entry) in due)
                {
                    lock (entry)
                    {
                        entry.Pending -= seconds;
                        entry.Written(days, LeaderboardPeriods.DayOf(now));
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

    private Entry Credit(ListenerId listener, double credit, DateTimeOffset now, bool countsForDays)
    {
        while (true)
        {
            var entry = _entries.GetOrAdd(listener, static _ => new Entry());
            lock (entry)
            {
                if (entry.Forgotten)
                {
                    continue;
                }

                entry.Pending += credit;
                if (countsForDays && credit > 0)
                {
                    entry.AddToDays(credit, now);
                }

                if (now > entry.LastBeatAt)
                {
                    entry.LastBeatAt = now;
                }

                return entry;
            }
        }
    }

    private List<(int UserId, long Seconds, IReadOnlyList<(DateOnly Day, long Seconds)> Days, Entry Entry)> CollectDue(
        bool everything, DateTimeOffset now)
    {
        var due = new List<(int, long, IReadOnlyList<(DateOnly, long)>, Entry)>();
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
                    due.Add((userId, whole, entry.DueDays(), entry));
                }
            }
        }

        return due;
    }

    private void Forget(DateTimeOffset now)
    {
        _anonymous.ForgetSilent(now);
        _plays.Forget(now);
        foreach (var (listener, entry) in _entries)
        {
            lock (entry)
            {
                // the stored total is read again when they come back; a fraction of a second is dropped
                if (now - entry.LastBeatAt >= _sessionTimeout && entry.Pending < 1)
                {
                    entry.Forgotten = true;
                    _entries.TryRemove(KeyValuePair.Create(listener, entry));
                }
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Writing listening totals failed; the credit stays pending and is retried")]
    private static partial void LogFlushFailed(ILogger logger, Exception exception);

    /// <summary>One listener's credit; the instance is its own lock.</summary>
    private long PendingSeconds()
    {
        var pending = 0d;
        foreach (var (_, entry) in _entries)
        {
            lock (entry)
            {
                pending += entry.Pending;
            }
        }

        return (long)pending;
    }

    private sealed class Entry
    {
        public double Pending;
        public long Stored;
        public bool StoredKnown;
        public bool Forgotten;
        public DateTimeOffset LastBeatAt;

        // credit not yet stored per UTC day: one day, two for a while after midnight
        private List<(DateOnly Day, double Seconds)>? _days;

        public long Total => Stored + (long)Math.Floor(Pending);

        public void AddToDays(double credit, DateTimeOffset now)
        {
            _days ??= new List<(DateOnly, double)>(1);
            foreach (var (day, seconds) in LeaderboardPeriods.SplitByDay(credit, now))
            {
                var at = _days.FindIndex(d => d.Day == day);
                if (at < 0)
                {
                    _days.Add((day, seconds));
                }
                else
                {
                    _days[at] = (day, _days[at].Seconds + seconds);
                }
            }
        }

        public IReadOnlyList<(DateOnly Day, long Seconds)> DueDays() =>
            _days is null ? [] : [.. _days.Where(d => d.Seconds >= 1).Select(d => (d.Day, (long)Math.Floor(d.Seconds)))];

        /// <summary>Takes written day credit off; a past day's fraction of a second left is dropped.</summary>
        public void Written(IReadOnlyList<(DateOnly Day, long Seconds)> days, DateOnly today)
        {
            if (_days is null)
            {
                return;
            }

            foreach (var (day, seconds) in days)
            {
                var at = _days.FindIndex(d => d.Day == day);
                if (at >= 0)
                {
                    _days[at] = (day, _days[at].Seconds - seconds);
                }
            }

            _days.RemoveAll(d => d.Day < today && d.Seconds < 1);
        }
    }
}
