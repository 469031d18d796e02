using System.Collections.Concurrent;
using Radio.Domain.Listening;
using Radio.Domain.Listens;

namespace Radio.Infrastructure.Listens;

/// <summary>
/// Each account's credit per play, in this process (one instance without Redis), and the listens it decided until
/// the listening totals' flush stores them; and every listener's credit per play (anonymous ones too), summed per
/// play until the same flush adds it to the play's stored listened seconds.
/// </summary>
internal sealed class InMemoryPlayCredits(AiredPlays aired) : IPlayCredits
{
    private readonly ConcurrentDictionary<int, ListenerPlays> _listeners = new();
    private readonly Lock _pendingGate = new();
    private readonly ConcurrentDictionary<long, (double Seconds, DateTimeOffset EndsAt)> _airtime = new();
    private List<Listen> _pending = [];

    public async ValueTask CreditAsync(ListenerId listener, double credit, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (credit <= 0)
        {
            return;
        }

        var shares = Play.Shares(await aired.NearAsync(now, cancellationToken), credit, now);
        foreach (var (play, seconds) in shares)
        {
            _airtime.AddOrUpdate(
                play.Sequence, static (_, added) => added, static (_, held, added) => (held.Seconds + added.Seconds, added.EndsAt),
                (Seconds: seconds, play.EndsAt));
        }

        if (listener.UserId is not { } userId || shares.Count == 0)
        {
            return;
        }

        var plays = _listeners.GetOrAdd(userId, static _ => new ListenerPlays());
        IReadOnlyList<Listen> decided;
        lock (plays)
        {
            decided = plays.Credit(userId, shares, now, now - aired.Reach);
        }

        if (decided.Count > 0)
        {
            lock (_pendingGate)
            {
                _pending.AddRange(decided);
            }
        }
    }

    /// <summary>The decided listens not stored yet.</summary>
    public IReadOnlyCollection<Listen> Pending()
    {
        lock (_pendingGate)
        {
            return [.. _pending];
        }
    }

    /// <summary>Takes listens a committed flush stored off the pending ones.</summary>
    public void Written(IReadOnlyCollection<Listen> written)
    {
        if (written.Count == 0)
        {
            return;
        }

        var stored = written.ToHashSet();
        lock (_pendingGate)
        {
            _pending = [.. _pending.Where(l => !stored.Contains(l))];
        }
    }

    /// <summary>The whole seconds per play not stored yet.</summary>
    public IReadOnlyCollection<(long Sequence, long Seconds)> PendingAirtime() =>
        [.. _airtime.Select(p => (p.Key, (long)Math.Floor(p.Value.Seconds))).Where(p => p.Item2 >= 1)];

    /// <summary>Takes the seconds per play a committed flush stored off the pending ones.</summary>
    public void AirtimeWritten(IReadOnlyCollection<(long Sequence, long Seconds)> written)
    {
        foreach (var (sequence, seconds) in written)
        {
            // a heartbeat may add to the play meanwhile: retry until the subtraction lands on the value it read
            while (_airtime.TryGetValue(sequence, out var held)
                && !_airtime.TryUpdate(sequence, (held.Seconds - seconds, held.EndsAt), held))
            {
            }
        }
    }

    /// <summary>
    /// Forgets accounts whose latest credit no heartbeat can add to any more, and plays no heartbeat can reach with
    /// less than a second left to store (that fraction is dropped).
    /// </summary>
    public void Forget(DateTimeOffset now)
    {
        foreach (var (sequence, held) in _airtime)
        {
            if (held.Seconds < 1 && now - held.EndsAt > aired.Reach)
            {
                _airtime.TryRemove(KeyValuePair.Create(sequence, held));
            }
        }

        foreach (var (userId, plays) in _listeners)
        {
            lock (plays)
            {
                if (now - plays.LastCreditAt > aired.Reach)
                {
                    _listeners.TryRemove(KeyValuePair.Create(userId, plays));
                }
            }
        }
    }
}
