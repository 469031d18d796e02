using Microsoft.EntityFrameworkCore;
using Radio.Domain.Listens;
using Radio.Infrastructure.Persistence;

namespace Radio.Infrastructure.Listens;

internal sealed class ListenHistory(RadioDbContext db) : IListenHistory
{
    public async Task<IReadOnlyList<Listen>> PageAsync(int userId, int offset, int limit, CancellationToken cancellationToken) =>
        await db.Set<Listen>().AsNoTracking().Where(l => l.UserId == userId)
            .OrderByDescending(l => l.ListenedAt).ThenByDescending(l => l.PlaySequence)
            .Skip(offset).Take(limit)
            .ToListAsync(cancellationToken);
}
