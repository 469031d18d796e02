namespace Radio.Domain.Listening;

/// <summary>What one heartbeat earned: its credit and the session's credited seconds after it.</summary>
public readonly record struct SessionBeat(double Credit, double SessionSeconds, bool StartedSession);

/// <summary>
/// Everything a <see cref="ListeningSession"/> holds, so a store shared by several instances can keep it between
/// heartbeats and every instance applies the same rules to it.
/// </summary>
public readonly record struct SessionState(
    DateTimeOffset StartedAt, DateTimeOffset ConnectTime, double PlayedSeconds, DateTimeOffset LastBeatAt, double CreditedSeconds);

/// <summary>
/// One listener's listening session: consecutive heartbeats with no gap of a session timeout or more.
/// It holds the crediting rules; kept small because every live listener has one in memory.
/// </summary>
public sealed class ListeningSession
{
    /// <summary>The most the first heartbeat of a session may credit: it reports time played before the server saw the listener.</summary>
    public static readonly TimeSpan FirstBeatCap = TimeSpan.FromSeconds(30);

    /// <summary>Slack on the wall-clock cap for network delay between heartbeats.</summary>
    public static readonly TimeSpan ClockSlack = TimeSpan.FromSeconds(2);

    private ListeningSession(DateTimeOffset connectTime, DateTimeOffset now)
    {
        ConnectTime = connectTime;
        StartedAt = now;
        LastBeatAt = now;
    }

    public DateTimeOffset StartedAt { get; }

    /// <summary>The connection of the latest heartbeat (the client's <c>connect_time</c>).</summary>
    public DateTimeOffset ConnectTime { get; private set; }

    /// <summary>The <c>played_seconds</c> the latest heartbeat reported on <see cref="ConnectTime"/>.</summary>
    public double PlayedSeconds { get; private set; }

    /// <summary>Server time of the latest heartbeat.</summary>
    public DateTimeOffset LastBeatAt { get; private set; }

    /// <summary>The sum of the credits of this session.</summary>
    public double CreditedSeconds { get; private set; }

    /// <summary>Starts a session with its first heartbeat, which credits at most <see cref="FirstBeatCap"/>.</summary>
    public static ListeningSession Start(DateTimeOffset connectTime, double playedSeconds, DateTimeOffset now)
    {
        var session = new ListeningSession(connectTime, now);
        session.Record(connectTime, playedSeconds, now, Credit(playedSeconds, FirstBeatCap));
        return session;
    }

    /// <summary>The session a <see cref="State"/> was taken from.</summary>
    public static ListeningSession Restore(SessionState state) => new(state.ConnectTime, state.StartedAt)
    {
        PlayedSeconds = state.PlayedSeconds,
        LastBeatAt = state.LastBeatAt,
        CreditedSeconds = state.CreditedSeconds,
    };

    public SessionState State => new(StartedAt, ConnectTime, PlayedSeconds, LastBeatAt, CreditedSeconds);

    /// <summary>The first heartbeat as a <see cref="SessionBeat"/>: all of the session's credit so far.</summary>
    public SessionBeat FirstBeat => new(CreditedSeconds, CreditedSeconds, StartedSession: true);

    /// <summary>Whether no heartbeat has arrived for <paramref name="timeout"/>: the session is over.</summary>
    public bool HasEnded(DateTimeOffset now, TimeSpan timeout) => now - LastBeatAt >= timeout;

    /// <summary>
    /// Credits a heartbeat of a live session: the growth of <c>played_seconds</c> on the same connection
    /// (all of it on a new connection), never below 0 and never more than the server time since the previous
    /// heartbeat plus <see cref="ClockSlack"/>. The session as a whole never holds more than the server time since
    /// its first heartbeat plus <see cref="FirstBeatCap"/>.
    /// </summary>
    public SessionBeat Beat(DateTimeOffset connectTime, double playedSeconds, DateTimeOffset now)
    {
        var claimed = connectTime == ConnectTime ? playedSeconds - PlayedSeconds : playedSeconds;
        var elapsed = now > LastBeatAt ? now - LastBeatAt : TimeSpan.Zero;
        var credit = Math.Min(Credit(claimed, elapsed + ClockSlack), Allowance(now));
        Record(connectTime, playedSeconds, now, credit);
        return new SessionBeat(credit, CreditedSeconds, StartedSession: false);
    }

    /// <summary>
    /// What the session may still credit. Without it a client beating every half second would collect
    /// <see cref="ClockSlack"/> at every beat, several times the wall clock. The first beat's allowance stays part
    /// of it, as time played before the server saw the listener.
    /// </summary>
    private double Allowance(DateTimeOffset now)
    {
        // the latest server time seen: a clock stepping back must not take back what was already allowed
        var latest = now > LastBeatAt ? now : LastBeatAt;
        return Math.Max(0, (latest - StartedAt + FirstBeatCap).TotalSeconds - CreditedSeconds);
    }

    private static double Credit(double claimed, TimeSpan cap) => Math.Clamp(claimed, 0, cap.TotalSeconds);

    private void Record(DateTimeOffset connectTime, double playedSeconds, DateTimeOffset now, double credit)
    {
        ConnectTime = connectTime;
        PlayedSeconds = playedSeconds;
        // a server clock that steps back must not stretch the next cap
        if (now > LastBeatAt)
        {
            LastBeatAt = now;
        }

        CreditedSeconds += credit;
    }
}
