namespace Radio.Domain.Listening;

/// <summary>
/// The live listening sessions, one per listener. A heartbeat after the session timeout starts a new session;
/// concurrent heartbeats of one listener are applied one at a time.
/// </summary>
public interface IListeningSessions
{
    /// <summary>Applies a heartbeat to the listener's session, starting one when there is none or it has ended.</summary>
    ValueTask<SessionBeat> BeatAsync(
        ListenerId listener, DateTimeOffset connectTime, double playedSeconds, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>How many sessions are live at <paramref name="now"/> (the station's <c>listeners</c>).</summary>
    ValueTask<int> CountLiveAsync(DateTimeOffset now, CancellationToken cancellationToken);
}
