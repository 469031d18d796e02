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
/// </summary>
internal sealed class SessionHints
{
    internal const int Slots = 1 << 16;

    private readonly Hint?[] _slots = new Hint?[Slots];

    /// <summary>The state last stored for the listener, or null: the guess that the listener has no session.</summary>
    public RedisValue Get(ListenerId listener)
    {
        var hint = Volatile.Read(ref _slots[Slot(listener)]);
        return hint is not null && string.Equals(hint.Listener, listener.Value, StringComparison.Ordinal) ? hint.State : RedisValue.Null;
    }

    public void Set(ListenerId listener, string state) => Volatile.Write(ref _slots[Slot(listener)], new Hint(listener.Value, state));

    internal static int Slot(ListenerId listener) => listener.Value.GetHashCode(StringComparison.Ordinal) & (Slots - 1);

    private sealed record Hint(string Listener, string State);
}
