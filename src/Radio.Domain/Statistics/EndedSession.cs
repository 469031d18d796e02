using Radio.Domain.Listening;

namespace Radio.Domain.Statistics;

/// <summary>
/// A listening session that has ended, as the statistics keep it: who (the listener id, so anonymous listeners count
/// by theirs), from its first to its last heartbeat, and the credit it earned. Nothing about the client is kept.
/// </summary>
public readonly record struct EndedSession(ListenerId Listener, DateTimeOffset StartedAt, DateTimeOffset EndedAt, double CreditedSeconds)
{
    /// <summary>A session ends at its last heartbeat: the timeout that follows it is no listening.</summary>
    public static EndedSession Of(ListenerId listener, SessionState state) =>
        new(listener, state.StartedAt, state.LastBeatAt, state.CreditedSeconds);

    /// <summary>The session's length: end − start (0 for a session of one heartbeat).</summary>
    public TimeSpan Length => EndedAt > StartedAt ? EndedAt - StartedAt : TimeSpan.Zero;
}
