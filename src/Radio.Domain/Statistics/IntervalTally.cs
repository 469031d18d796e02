namespace Radio.Domain.Statistics;

/// <summary>
/// The statistics of one UTC hour or day. A session counts whole in the interval it started in: its credit, its
/// length and its listener, even when it runs on past the interval's end, so every session is counted exactly once
/// and the intervals of a range add up to the range.
/// </summary>
public sealed class IntervalTally(StatsInterval interval, DateTimeOffset start)
{
    private readonly long[] _lengths = new long[SessionLengths.Count];

    public StatsInterval Interval { get; } = interval;

    public DateTimeOffset Start { get; } = start;

    /// <summary>The credit of the sessions started in the interval.</summary>
    public double ListeningSeconds { get; private set; }

    public long Sessions { get; private set; }

    /// <summary>The sum of the sessions' lengths, for their average.</summary>
    public double SessionSeconds { get; private set; }

    /// <summary>Distinct listeners with a session started in the interval; the store knows who was already counted.</summary>
    public long UniqueListeners { get; private set; }

    /// <summary>Sessions per length bucket, in the order of <see cref="SessionLengths.Names"/>.</summary>
    public IReadOnlyList<long> Lengths => _lengths;

    public double AverageSessionSeconds => Sessions == 0 ? 0 : SessionSeconds / Sessions;

    /// <summary>Counts a session; its listener is counted by <see cref="AddListeners"/>.</summary>
    public void Add(EndedSession session)
    {
        if (Interval.Floor(session.StartedAt) != Start)
        {
            throw new ArgumentException("The session started outside this interval.", nameof(session));
        }

        ListeningSeconds += session.CreditedSeconds;
        Sessions++;
        SessionSeconds += session.Length.TotalSeconds;
        _lengths[SessionLengths.BucketOf(session.Length)]++;
    }

    /// <summary>Counts listeners new to the interval.</summary>
    public void AddListeners(long count) => UniqueListeners += count;

    /// <summary>A tally as stored.</summary>
    public static IntervalTally Restore(
        StatsInterval interval, DateTimeOffset start, double listeningSeconds, long sessions, double sessionSeconds,
        long uniqueListeners, IReadOnlyList<long> lengths)
    {
        ArgumentOutOfRangeException.ThrowIfNotEqual(lengths.Count, SessionLengths.Count);
        var tally = new IntervalTally(interval, start)
        {
            ListeningSeconds = listeningSeconds,
            Sessions = sessions,
            SessionSeconds = sessionSeconds,
            UniqueListeners = uniqueListeners,
        };
        for (var i = 0; i < lengths.Count; i++)
        {
            tally._lengths[i] = lengths[i];
        }

        return tally;
    }

    /// <summary>
    /// The tallies of a batch of sessions, per hour and per day they started in, with the listeners each one holds
    /// (to be counted once the store says which are new to the interval).
    /// </summary>
    public static IReadOnlyList<(IntervalTally Tally, IReadOnlySet<string> Listeners)> Of(IEnumerable<EndedSession> sessions)
    {
        var tallies = new Dictionary<(StatsInterval, DateTimeOffset), (IntervalTally Tally, HashSet<string> Listeners)>();
        foreach (var session in sessions)
        {
            foreach (var interval in (ReadOnlySpan<StatsInterval>)[StatsInterval.Hour, StatsInterval.Day])
            {
                var key = (interval, interval.Floor(session.StartedAt));
                if (!tallies.TryGetValue(key, out var entry))
                {
                    entry = (new IntervalTally(interval, key.Item2), new HashSet<string>(StringComparer.Ordinal));
                    tallies[key] = entry;
                }

                entry.Tally.Add(session);
                entry.Listeners.Add(session.Listener.Value);
            }
        }

        return [.. tallies.Values.Select(e => (e.Tally, (IReadOnlySet<string>)e.Listeners))];
    }
}
