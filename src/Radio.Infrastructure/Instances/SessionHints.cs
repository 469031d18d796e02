using Radio.Domain.Listening;
using StackExchange.Redis;

namespace Radio.Infrastructure.Instances;

/// <summary>
/// The session state this instance last stored for each listener: <see cref="RedisHeartbeats"/> applies the next
/// heartbeat to it and writes in one round trip instead of reading first. Only a guess: the write is conditioned on
/// it, and a wrong one (another instance took the listener's latest heartbeat, or the slot went to another listener)
/// costs the second round trip that reading first would have. A fixed table of <see cref="Slots"/> slots in buckets of
/// <see cref="Ways"/>, a listener's bucket by the hash of its id: a listener new to a full bucket takes the slot of the
/// one heard longest ago. Its memory is bounded whatever anonymous clients send, nothing expires or locks, and a stale
/// hint is harmless. (One slot per listener lost the hints of one listener in seven at 10,000 listeners, each a second
/// round trip; four to a bucket, about one in 300.)
/// The slots hold numbers, not objects (4 MB in all): a hint lives until the listener's next heartbeat, long enough
/// for the GC to promote an object per heartbeat and collect it in an older generation. A read that races a write
/// may see half of each: that is a wrong guess like any other, since the stored text it is compared with is written
/// only whole.
/// </summary>
internal sealed class SessionHints
{
    internal const int Slots = 1 << 16;
    internal const int Ways = 4;
    private const int Buckets = Slots / Ways;

    private readonly Hint[] _slots = new Hint[Slots];

    /// <summary>
    /// The state last stored for the listener, as stored (the text the write is conditioned on) and as it is (so it
    /// need not be parsed back), or null: the guess that the listener has no session.
    /// </summary>
    public (RedisValue Stored, StoredSession? Session) Get(ListenerId listener)
    {
        var hash = Hash(listener);
        if (Find(hash) is not { } slot)
        {
            return (RedisValue.Null, null);
        }

        var session = _slots[slot].Session;
        return (RedisListeningSessions.Format(session.State, session.Permits), session);
    }

    public void Set(ListenerId listener, StoredSession session)
    {
        var hash = Hash(listener);
        _slots[Place(hash)] = new Hint(hash, session);
    }

    internal static int Bucket(ListenerId listener) => Hash(listener) & (Buckets - 1);

    private static int First(int hash) => (hash & (Buckets - 1)) * Ways;

    private int? Find(int hash)
    {
        for (var slot = First(hash); slot < First(hash) + Ways; slot++)
        {
            if (_slots[slot].Used && _slots[slot].Listener == hash)
            {
                return slot;
            }
        }

        return null;
    }

    /// <summary>The listener's own slot, else the bucket's first free one, else the one of the listener heard longest ago.</summary>
    private int Place(int hash)
    {
        var place = First(hash);
        for (var slot = place; slot < First(hash) + Ways; slot++)
        {
            if (_slots[slot].Used && _slots[slot].Listener == hash)
            {
                return slot;
            }

            if (_slots[place].Used && (!_slots[slot].Used || _slots[slot].LastBeatTicks < _slots[place].LastBeatTicks))
            {
                place = slot;
            }
        }

        return place;
    }

    // the whole hash tells the listeners of one bucket apart; two ids that share it only cost a wrong guess
    private static int Hash(ListenerId listener) => listener.Value.GetHashCode(StringComparison.Ordinal);

    /// <summary>
    /// A slot: the listener's hash, their state in UTC ticks and their heartbeat window, which is all
    /// <see cref="RedisListeningSessions.Format"/> writes.
    /// </summary>
    private readonly struct Hint(int listener, StoredSession session)
    {
        private readonly long _startedAt = session.State.StartedAt.UtcTicks;
        private readonly long _connectTime = session.State.ConnectTime.UtcTicks;
        private readonly long _lastBeatAt = session.State.LastBeatAt.UtcTicks;
        private readonly double _playedSeconds = session.State.PlayedSeconds;
        private readonly double _creditedSeconds = session.State.CreditedSeconds;
        private readonly long _permitsSince = session.Permits.StartMs;
        private readonly int _permitsTaken = session.Permits.Taken;

        public int Listener { get; } = listener;

        public long LastBeatTicks => _lastBeatAt;

        public bool Used { get; } = true;

        public StoredSession Session => new(
            new SessionState(
                new DateTimeOffset(_startedAt, TimeSpan.Zero), new DateTimeOffset(_connectTime, TimeSpan.Zero), _playedSeconds,
                new DateTimeOffset(_lastBeatAt, TimeSpan.Zero), _creditedSeconds),
            new PermitWindow(_permitsSince, _permitsTaken));
    }
}
