using Microsoft.EntityFrameworkCore;
using Radio.Domain.Library;
using Radio.Infrastructure.Persistence;

namespace Radio.Infrastructure.Library;

internal sealed class Albums(RadioDbContext db) : IAlbums
{
    public Task<AlbumView?> FindViewAsync(int albumId, CancellationToken cancellationToken) =>
        Views(db.Albums.Where(a => a.Id == albumId)).FirstOrDefaultAsync(cancellationToken);

    public async Task<IReadOnlyList<AlbumView>> ListViewsAsync(int offset, int limit, CancellationToken cancellationToken) =>
        await Views(db.Albums.OrderBy(a => a.Title).ThenBy(a => a.Id).Skip(offset).Take(limit)).ToListAsync(cancellationToken);

    public async Task<IReadOnlyList<int>> SongIdsAsync(int albumId, CancellationToken cancellationToken) =>
        await db.Songs.Where(s => s.AlbumId == albumId).OrderBy(s => s.Id).Select(s => s.Id).ToListAsync(cancellationToken);

    public async Task AddAsync(Album album, CancellationToken cancellationToken)
    {
        db.Albums.Add(album);
        await db.SaveChangesAsync(cancellationToken);
    }

    private static IQueryable<AlbumView> Views(IQueryable<Album> albums) => albums.AsNoTracking()
        .Select(a => new AlbumView(a.Id, a.Title, a.ArtistId, a.Artist!.Name));
}
