using Microsoft.EntityFrameworkCore;
using Radio.Domain.Accounts;
using Radio.Domain.Listening;
using Radio.Infrastructure.Persistence;

namespace Radio.Infrastructure.Listening;

internal sealed class PeriodTotals(RadioDbContext db) : IPeriodTotals
{
    public async Task<IReadOnlyList<(User User, long Seconds)>> TopAsync(
        LeaderboardPeriod period, DateOnly start, int limit, CancellationToken cancellationToken)
    {
        var top = await db.Set<ListeningPeriodTotal>().AsNoTracking()
            .Where(p => p.Period == period && p.Start == start && p.Seconds > 0)
            .OrderByDescending(p => p.Seconds).ThenBy(p => p.UserId)
            .Select(p => new { p.UserId, p.Seconds })
            .Take(limit)
            .ToListAsync(cancellationToken);
        var ids = top.Select(t => t.UserId).ToList();
        var users = await db.Users.AsNoTracking().Where(u => ids.Contains(u.Id)).ToDictionaryAsync(u => u.Id, cancellationToken);
        return [.. top.Where(t => users.ContainsKey(t.UserId)).Select(t => (users[t.UserId], t.Seconds))];
    }
}
