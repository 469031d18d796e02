using Microsoft.EntityFrameworkCore;
using Radio.Domain.Accounts;
using Radio.Domain.Listening;
using Radio.Infrastructure.Persistence;

namespace Radio.Infrastructure.Listening;

internal sealed class PeriodTotals(RadioDbContext db) : IPeriodTotals
{
    public async Task<IReadOnlyList<(User User, long Seconds)>> TopAsync(DateOnly firstDay, int limit, CancellationToken cancellationToken)
    {
        var top = await db.Set<ListeningDay>().AsNoTracking()
            .Where(d => d.Day >= firstDay)
            .GroupBy(d => d.UserId)
            .Select(g => new { UserId = g.Key, Seconds = g.Sum(d => d.Seconds) })
            .Where(t => t.Seconds > 0)
            .OrderByDescending(t => t.Seconds).ThenBy(t => t.UserId)
            .Take(limit)
            .ToListAsync(cancellationToken);
        var ids = top.Select(t => t.UserId).ToList();
        var users = await db.Users.AsNoTracking().Where(u => ids.Contains(u.Id)).ToDictionaryAsync(u => u.Id, cancellationToken);
        return [.. top.Where(t => users.ContainsKey(t.UserId)).Select(t => (users[t.UserId], t.Seconds))];
    }
}
