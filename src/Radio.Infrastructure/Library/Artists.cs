using Microsoft.EntityFrameworkCore;
using Radio.Domain.Library;
using Radio.Infrastructure.Persistence;

namespace Radio.Infrastructure.Library;

internal sealed class Artists(RadioDbContext db) : IArtists
{
    public Task<ArtistView?> FindViewAsync(int artistId, CancellationToken cancellationToken) =>
        Views(db.Artists.Where(a => a.Id == artistId)).FirstOrDefaultAsync(cancellationToken);

    public async Task<IReadOnlyList<ArtistView>> ListViewsAsync(int offset, int limit, CancellationToken cancellationToken) =>
        await Views(db.Artists.OrderBy(a => a.Name).ThenBy(a => a.Id).Skip(offset).Take(limit)).ToListAsync(cancellationToken);

    public async Task<IReadOnlyList<int>> MissingAsync(IReadOnlyCollection<int> artistIds, CancellationToken cancellationToken)
    {
        var found = await db.Artists.Where(a => artistIds.Contains(a.Id)).Select(a => a.Id).ToListAsync(cancellationToken);
        return [.. artistIds.Except(found).Order()];
    }

    private IQueryable<ArtistView> Views(IQueryable<Artist> artists) => artists.AsNoTracking()
        .Select(a => new ArtistView(a.Id, a.Name, db.Songs.Count(s => s.Artists.Any(x => x.ArtistId == a.Id))));
}
