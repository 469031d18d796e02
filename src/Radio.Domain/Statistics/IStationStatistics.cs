namespace Radio.Domain.Statistics;

/// <summary>The stored statistics of the station's listening, kept per UTC hour and day.</summary>
public interface IStationStatistics
{
    /// <summary>The stored tallies of the intervals starting in [<paramref name="from"/>, <paramref name="to"/>), by start; intervals nobody listened in are absent.</summary>
    Task<IReadOnlyList<IntervalTally>> ReadAsync(
        StatsInterval interval, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken);
}
