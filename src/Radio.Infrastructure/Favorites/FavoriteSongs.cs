using Microsoft.EntityFrameworkCore;
using Radio.Domain.Favorites;
using Radio.Infrastructure.Persistence;

namespace Radio.Infrastructure.Favorites;

internal sealed class FavoriteSongs(RadioDbContext db) : IFavorites
{
    public async Task<bool> AddAsync(Favorite favorite, CancellationToken cancellationToken)
    {
        if (await ExistsAsync(favorite, cancellationToken))
        {
            return true;
        }

        if (!await db.Songs.AnyAsync(s => s.Id == favorite.SongId, cancellationToken))
        {
            return false;
        }

        db.Add(favorite);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            return true;
        }
        catch (DbUpdateException)
        {
            db.ChangeTracker.Clear();
            // a concurrent PUT of the same favourite won the unique index (fine), or the song was deleted meanwhile
            if (await ExistsAsync(favorite, cancellationToken))
            {
                return true;
            }

            if (!await db.Songs.AnyAsync(s => s.Id == favorite.SongId, cancellationToken))
            {
                return false;
            }

            throw;
        }
    }

    public Task RemoveAsync(int userId, int songId, CancellationToken cancellationToken) =>
        db.Set<Favorite>().Where(f => f.UserId == userId && f.SongId == songId).ExecuteDeleteAsync(cancellationToken);

    public async Task<IReadOnlyList<int>> SongIdsAsync(int userId, int offset, int limit, CancellationToken cancellationToken) =>
        await db.Set<Favorite>().Where(f => f.UserId == userId)
            .OrderByDescending(f => f.Id).Skip(offset).Take(limit).Select(f => f.SongId)
            .ToListAsync(cancellationToken);

    private Task<bool> ExistsAsync(Favorite favorite, CancellationToken cancellationToken) =>
        db.Set<Favorite>().AnyAsync(f => f.UserId == favorite.UserId && f.SongId == favorite.SongId, cancellationToken);
}
