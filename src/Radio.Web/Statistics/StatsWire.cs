using Radio.Application.Statistics;
using Radio.Domain.Statistics;
using Radio.Web.Library;

namespace Radio.Web.Statistics;

/// <summary>
/// One UTC hour or day. A session counts whole in the interval it started in (its credit, length and listener),
/// even when it runs on into the next. <c>session_lengths</c> counts sessions by length (end − start), each bucket
/// from its lower bound inclusive to the next one's exclusive: <c>&lt;1m</c>, <c>1-5m</c>, <c>5-15m</c>,
/// <c>15-30m</c>, <c>30-60m</c>, <c>1-2h</c>, <c>&gt;2h</c> (so 60 s is <c>1-5m</c> and 2 h is <c>&gt;2h</c>).
/// </summary>
public sealed record StatsIntervalResponse(
    DateTimeOffset Start, long ListeningSeconds, long UniqueListeners, long Sessions, double AverageSessionSeconds,
    IReadOnlyDictionary<string, long> SessionLengths);

internal static class StatsMapper
{
    public static StatsIntervalResponse ToResponse(this IntervalStats stats)
    {
        // in the contract's order: a dictionary enumerates in insertion order while nothing is removed
        var lengths = new Dictionary<string, long>(SessionLengths.Count, StringComparer.Ordinal);
        for (var i = 0; i < SessionLengths.Count; i++)
        {
            lengths[SessionLengths.Names[i]] = stats.SessionLengths[i];
        }

        return new StatsIntervalResponse(
            stats.Start, stats.ListeningSeconds, stats.UniqueListeners, stats.Sessions, stats.AverageSessionSeconds, lengths);
    }

    public static SongStatsResponse ToResponse(this SongStats stats) =>
        new(stats.Song.ToResponse(), stats.ListeningSeconds, stats.Listens, stats.Requests, stats.Favorites);
}

/// <summary>One song of an artist with its counts over the range asked for.</summary>
public sealed record SongStatsResponse(SongResponse Song, long ListeningSeconds, long Listens, long Requests, long Favorites);
