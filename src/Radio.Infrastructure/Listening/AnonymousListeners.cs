using Microsoft.Extensions.Options;
using Radio.Domain.Listening;

namespace Radio.Infrastructure.Listening;

/// <summary>
/// The anonymous listeners' lifetime totals, in memory only: each kept for the retention time after it was last
/// heard, and at most <see cref="ListeningOptions.MaxAnonymousListeners"/> of them, the least recently heard
/// forgotten first (its live session too). They are held in the order they were last heard, so a heartbeat costs the
/// same however many are held, and the retention sweep stops at the first one heard recently: it costs what it
/// forgets, not a walk over a day's listeners.
/// </summary>
internal sealed class AnonymousListeners
{
    private readonly Dictionary<ListenerId, LinkedListNode<Heard>> _held = [];
    private readonly LinkedList<Heard> _byLastHeard = new(); // least recently heard first
    private readonly Lock _lock = new();
    private readonly InMemoryListeningSessions _sessions;
    private readonly int _max;
    private readonly TimeSpan _retention;

    public AnonymousListeners(InMemoryListeningSessions sessions, IOptions<RadioOptions> options)
    {
        var listening = options.Value.Listening;
        if (listening.MaxAnonymousListeners < 1)
        {
            throw new InvalidOperationException("Radio:Listening:MaxAnonymousListeners must be at least 1.");
        }

        _sessions = sessions;
        _max = listening.MaxAnonymousListeners;
        _retention = TimeSpan.FromHours(listening.AnonymousRetentionHours);
    }

    /// <summary>How many anonymous listeners are held.</summary>
    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _held.Count;
            }
        }
    }

    /// <summary>Adds a heartbeat's credit (0 counts as a sign of life too) and returns the listener's total in whole seconds.</summary>
    public long Add(ListenerId listener, double credit, DateTimeOffset now)
    {
        ListenerId? evicted = null;
        long total;
        lock (_lock)
        {
            // kept in order even if the server clock steps back, so the sweep can stop at the first recent one
            var at = _byLastHeard.Last is { } newest && newest.Value.LastHeardAt > now ? newest.Value.LastHeardAt : now;
            if (_held.TryGetValue(listener, out var node))
            {
                _byLastHeard.Remove(node);
            }
            else
            {
                if (_held.Count >= _max && _byLastHeard.First is { } oldest)
                {
                    evicted = oldest.Value.Listener;
                    _held.Remove(oldest.Value.Listener);
                    _byLastHeard.RemoveFirst();
                }

                node = new LinkedListNode<Heard>(new Heard(listener));
                _held.Add(listener, node);
            }

            node.Value.Seconds += credit;
            node.Value.LastHeardAt = at;
            _byLastHeard.AddLast(node);
            total = (long)Math.Floor(node.Value.Seconds);
        }

        if (evicted is { } forgotten)
        {
            _sessions.Forget(forgotten);
        }

        return total;
    }

    /// <summary>Forgets the listener with their session and returns their total (fractional); 0 for one not held.</summary>
    public double Take(ListenerId listener)
    {
        double seconds;
        lock (_lock)
        {
            if (!_held.Remove(listener, out var node))
            {
                return 0;
            }

            _byLastHeard.Remove(node);
            seconds = node.Value.Seconds;
        }

        _sessions.Forget(listener);
        return seconds;
    }

    /// <summary>The listener's total in whole seconds; 0 for one not held.</summary>
    public long TotalOf(ListenerId listener)
    {
        lock (_lock)
        {
            return _held.TryGetValue(listener, out var node) ? (long)Math.Floor(node.Value.Seconds) : 0;
        }
    }

    /// <summary>Forgets the listeners not heard for the retention time; returns how many.</summary>
    public int ForgetSilent(DateTimeOffset now)
    {
        var forgotten = 0;
        lock (_lock)
        {
            while (_byLastHeard.First is { } oldest && now - oldest.Value.LastHeardAt >= _retention)
            {
                _held.Remove(oldest.Value.Listener);
                _byLastHeard.RemoveFirst();
                forgotten++;
            }
        }

        return forgotten;
    }

    private sealed class Heard(ListenerId listener)
    {
        public ListenerId Listener { get; } = listener;

        public double Seconds { get; set; }

        public DateTimeOffset LastHeardAt { get; set; }
    }
}
