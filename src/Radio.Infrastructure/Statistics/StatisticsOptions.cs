namespace Radio.Infrastructure.Statistics;

/// <summary>The <c>Radio:Statistics</c> section.</summary>
public sealed class StatisticsOptions
{
    /// <summary>How often ended sessions are written to the statistics, many in one transaction.</summary>
    public double WriteIntervalSeconds { get; set; } = 10;

    /// <summary>At most this many ended sessions are written in one transaction; more wait for the next write.</summary>
    public int MaxBatch { get; set; } = 5_000;
}
