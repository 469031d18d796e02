using Radio.Domain.Listening;
using StackExchange.Redis;

namespace Radio.Infrastructure.Instances;

/// <summary>
/// The session state this instance last stored for each listener: <see cref="RedisHeartbeats"/> applies the next
/// heartbeat to it and writes in one round trip instead of reading first. Only a guess: the write is conditioned on
/// it, and a wrong one (another instance took the listener's latest heartbeat, or the slot went to another listener)
/// costs the second round trip that reading first would have. A fixed table of <see cref="Slots"/> slots, a listener's
/// by the hash of its id, the newest write winning the slot: its memory is bounded whatever anonymous clients send,
/// nothing expires or locks, and a stale hint is harmless.
/// The slots hold numbers, not objects (3 MB in all): a hint lives until the listener's next heartbeat, long enough
/// for the GC to promote an object per heartbeat and collect it in an older generation. A read that races a write
/// may see half of each: that is a wrong guess like any other, since the stored text it is compared with is written
/// only whole.
/// </summary>
internal sealed class SessionHints
{
    internal const int Slots = 1 << 16;

    private readonly Hint[] _slots = new Hint[Slots];

    /// <summary>
    /// The state last stored for the listener, as stored (the text the write is conditioned on) and as it is (so it
    /// need not be parsed back), or null: the guess that the listener has no session.
    /// </summary>
    public (RedisValue Stored, SessionState? State) Get(ListenerId listener)
    {
        var hash = Hash(listener);
        var hint = _slots[hash & (Slots - 1)];
        if (!hint.Used || hint.Listener != hash)
        {
            return (RedisValue.Null, null);
        }

        var state = hint.State;
        return (RedisListeningSessions.Format(state), state);
    }

    public void Set(ListenerId listener, SessionState state)
    {
        var hash = Hash(listener);
        _slots[hash & (Slots - 1)] = new Hint(hash, state);
    }

    internal static int Slot(ListenerId listener) => Hash(listener) & (Slots - 1);

    // the whole hash tells the listeners of one slot apart; two ids that share it only cost a wrong guess
    private static int Hash(ListenerId listener) => listener.Value.GetHashCode(StringComparison.Ordinal);

    /// <summary>A slot: the listener's hash and their state in UTC ticks, which is all <see cref="RedisListeningSessions.Format"/> writes.</summary>
    private readonly struct Hint(int listener, SessionState state)
    {
        private readonly long _startedAt = state.StartedAt.UtcTicks;
        private readonly long _connectTime = state.ConnectTime.UtcTicks;
        private readonly long _lastBeatAt = state.LastBeatAt.UtcTicks;
        private readonly double _playedSeconds = state.PlayedSeconds;
        private readonly double _creditedSeconds = state.CreditedSeconds;

        public int Listener { get; } = listener;

        public bool Used { get; } = true;

        public SessionState State => new(
            new DateTimeOffset(_startedAt, TimeSpan.Zero), new DateTimeOffset(_connectTime, TimeSpan.Zero), _playedSeconds,
            new DateTimeOffset(_lastBeatAt, TimeSpan.Zero), _creditedSeconds);
    }
}
