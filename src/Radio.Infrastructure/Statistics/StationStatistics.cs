using Microsoft.EntityFrameworkCore;
using Radio.Domain.Statistics;
using Radio.Infrastructure.Persistence;

namespace Radio.Infrastructure.Statistics;

/// <summary>Reads the rollups: one row per interval, whatever the number of sessions behind it.</summary>
internal sealed class StationStatistics(RadioDbContext db) : IStationStatistics
{
    public async Task<IReadOnlyList<IntervalTally>> ReadAsync(
        StatsInterval interval, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken)
    {
        var rows = await db.Set<StatsRollup>().AsNoTracking()
            .Where(r => r.Interval == interval && r.Start >= from && r.Start < to)
            .ToListAsync(cancellationToken);
        return [.. rows.Select(r => r.ToTally())];
    }
}
