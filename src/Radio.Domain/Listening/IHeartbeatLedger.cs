namespace Radio.Domain.Listening;

/// <summary>
/// A store holding the sessions, the totals and the play credits together, which applies a whole heartbeat to all
/// of them in one step (Redis, for several instances); without one, each store takes its part in turn.
/// </summary>
public interface IHeartbeatLedger
{
    /// <summary>
    /// Takes the heartbeat's permit (one of <paramref name="permitsPerMinute"/>, when given), applies it to the
    /// listener's session and credits it; returns the beat and the listener's lifetime total in whole seconds.
    /// </summary>
    ValueTask<(SessionBeat Beat, long TotalSeconds)> RecordAsync(
        ListenerId listener, DateTimeOffset connectTime, double playedSeconds, DateTimeOffset now, int? permitsPerMinute,
        CancellationToken cancellationToken);
}
