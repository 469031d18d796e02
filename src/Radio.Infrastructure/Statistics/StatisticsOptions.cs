namespace Radio.Infrastructure.Statistics;

/// <summary>The <c>Radio:Statistics</c> section.</summary>
public sealed class StatisticsOptions
{
    /// <summary>How often ended sessions are written to the statistics, many in one transaction.</summary>
    public double WriteIntervalSeconds { get; set; } = 10;

    /// <summary>At most this many ended sessions are written in one transaction; more wait for the next write.</summary>
    public int MaxBatch { get; set; } = 5_000;

    /// <summary>
    /// At most this many ended sessions wait in memory for a write; while the database is down, sessions that end past
    /// it are dropped (counted in <c>radio.statistics.dropped_sessions</c>) so the buffer cannot exhaust memory.
    /// </summary>
    public int MaxBuffered { get; set; } = 100_000;
}
