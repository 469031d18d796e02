using System.Collections.Concurrent;
using Radio.Domain.Listening;
using Radio.Domain.Listens;

namespace Radio.Infrastructure.Listens;

/// <summary>
/// Each account's credit per play, in this process (one instance without Redis), and the listens it decided until
/// the listening totals' flush stores them.
/// </summary>
internal sealed class InMemoryPlayCredits(AiredPlays aired) : IPlayCredits
{
    private readonly ConcurrentDictionary<int, ListenerPlays> _listeners = new();
    private readonly Lock _pendingGate = new();
    private List<Listen> _pending = [];

    public async ValueTask CreditAsync(ListenerId listener, double credit, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (listener.UserId is not { } userId || credit <= 0)
        {
            return;
        }

        var shares = Play.Shares(await aired.NearAsync(now, cancellationToken), credit, now);
        if (shares.Count == 0)
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

    /// <summary>Forgets accounts whose latest credit no heartbeat can add to any more.</summary>
    public void Forget(DateTimeOffset now)
    {
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
