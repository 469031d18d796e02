using Radio.Domain.Statistics;

namespace Radio.Infrastructure.Statistics;

/// <summary>An ended session as recorded: the raw rows the rollups were counted from.</summary>
internal sealed class RecordedSession
{
    public long Id { get; set; }
    public string ListenerId { get; set; } = "";
    public DateTimeOffset StartedAt { get; set; }
    public DateTimeOffset EndedAt { get; set; }
    public double CreditedSeconds { get; set; }

    public static RecordedSession From(EndedSession session) => new()
    {
        ListenerId = session.Listener.Value,
        StartedAt = session.StartedAt,
        EndedAt = session.EndedAt,
        CreditedSeconds = session.CreditedSeconds,
    };
}

/// <summary>
/// One hour's or day's statistics, kept up to date by the batched write, so a request reads one row per interval
/// instead of every session in the range.
/// </summary>
internal sealed class StatsRollup
{
    public StatsInterval Interval { get; set; }
    public DateTimeOffset Start { get; set; }
    public double ListeningSeconds { get; set; }
    public long Sessions { get; set; }
    public double SessionSeconds { get; set; }
    public long UniqueListeners { get; set; }
    public long SessionsLt1m { get; set; }
    public long Sessions1To5m { get; set; }
    public long Sessions5To15m { get; set; }
    public long Sessions15To30m { get; set; }
    public long Sessions30To60m { get; set; }
    public long Sessions1To2h { get; set; }
    public long SessionsGt2h { get; set; }

    public static StatsRollup From(IntervalTally tally) => new()
    {
        Interval = tally.Interval,
        Start = tally.Start,
        ListeningSeconds = tally.ListeningSeconds,
        Sessions = tally.Sessions,
        SessionSeconds = tally.SessionSeconds,
        UniqueListeners = tally.UniqueListeners,
        SessionsLt1m = tally.Lengths[0],
        Sessions1To5m = tally.Lengths[1],
        Sessions5To15m = tally.Lengths[2],
        Sessions15To30m = tally.Lengths[3],
        Sessions30To60m = tally.Lengths[4],
        Sessions1To2h = tally.Lengths[5],
        SessionsGt2h = tally.Lengths[6],
    };

    public IntervalTally ToTally() => IntervalTally.Restore(
        Interval, Start, ListeningSeconds, Sessions, SessionSeconds, UniqueListeners,
        [SessionsLt1m, Sessions1To5m, Sessions5To15m, Sessions15To30m, Sessions30To60m, Sessions1To2h, SessionsGt2h]);
}

/// <summary>That a listener has been counted in an hour's or day's unique listeners (read only by the write).</summary>
internal sealed class ListenerPresence
{
    public StatsInterval Interval { get; set; }
    public DateTimeOffset Start { get; set; }
    public string ListenerId { get; set; } = "";
}
