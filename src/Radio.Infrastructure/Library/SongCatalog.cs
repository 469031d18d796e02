using Microsoft.EntityFrameworkCore;
using Radio.Domain.Library;
using Radio.Infrastructure.Persistence;

namespace Radio.Infrastructure.Library;

internal sealed class SongCatalog(RadioDbContext db) : ISongCatalog
{
    public async Task<SongView?> FindViewAsync(int songId, CancellationToken cancellationToken)
    {
        var views = await ViewsAsync([songId], cancellationToken);
        return views.GetValueOrDefault(songId);
    }

    public async Task<IReadOnlyDictionary<int, SongView>> ViewsAsync(
        IReadOnlyCollection<int> songIds, CancellationToken cancellationToken)
    {
        if (songIds.Count == 0)
        {
            return new Dictionary<int, SongView>();
        }

        var rows = await db.Songs.AsNoTracking()
            .Where(s => songIds.Contains(s.Id))
            .Select(s => new
            {
                s.Id,
                s.Title,
                s.AlbumId,
                AlbumTitle = s.Album == null ? null : s.Album.Title,
                s.HasImage,
                s.DurationSeconds,
                StationReady = s.RenditionState == RenditionState.Ready,
                Artists = s.Artists.OrderBy(a => a.Position).Select(a => new { a.ArtistId, a.Artist!.Name }).ToList(),
            })
            .AsSplitQuery()
            .ToListAsync(cancellationToken);

        return rows.ToDictionary(r => r.Id, r => new SongView(
            r.Id,
            r.Title,
            r.AlbumId,
            r.AlbumTitle,
            [.. r.Artists.Select(a => a.ArtistId)],
            string.Join(SongView.ArtistSeparator, r.Artists.Select(a => a.Name)),
            r.HasImage,
            r.DurationSeconds,
            r.StationReady));
    }

    public Task<Song?> FindAsync(int songId, CancellationToken cancellationToken) =>
        db.Songs.FirstOrDefaultAsync(s => s.Id == songId, cancellationToken);

    public async Task AddAsync(Song song, CancellationToken cancellationToken)
    {
        db.Songs.Add(song);
        await db.SaveChangesAsync(cancellationToken);
    }

    public async Task RemoveAsync(Song song, CancellationToken cancellationToken)
    {
        db.Songs.Remove(song);
        await db.SaveChangesAsync(cancellationToken);
    }
}
