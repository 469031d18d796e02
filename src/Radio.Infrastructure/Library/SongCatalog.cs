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

    public async Task<bool> AddAsync(Song song, StorageQuota? quota, CancellationToken cancellationToken)
    {
        if (quota is not { } limit)
        {
            db.Songs.Add(song);
            await db.SaveChangesAsync(cancellationToken);
            return true;
        }

        // the retrying strategy of SQL Server only accepts a transaction it can replay as a whole
        return await db.Database.CreateExecutionStrategy().ExecuteAsync(async ct =>
        {
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            // A write to the artist's row first: it holds that row's lock (SQLite: the database's) until the commit,
            // so one artist's uploads are summed and stored one at a time, and two cannot both fit the same room.
            await db.Artists.Where(a => a.Id == limit.ArtistId).ExecuteUpdateAsync(s => s.SetProperty(a => a.Name, a => a.Name), ct);
            var stored = await db.Songs
                .Where(s => db.Users.Any(u => u.Id == s.UploaderId && u.ArtistId == limit.ArtistId))
                .SumAsync(s => (long?)(s.AudioBytes + s.ImageBytes), ct) ?? 0;
            if (stored + song.StoredBytes > limit.MaxBytes)
            {
                return false; // disposing the transaction rolls the lock back
            }

            db.Songs.Add(song);
            await db.SaveChangesAsync(ct);
            await transaction.CommitAsync(ct);
            return true;
        }, cancellationToken);
    }

    public Task RemoveAsync(Song song, CancellationToken cancellationToken) =>
        // the retrying strategy of SQL Server only accepts a transaction it can replay as a whole
        db.Database.CreateExecutionStrategy().ExecuteAsync(async ct =>
        {
            var tagIds = song.Tags.Select(t => t.TagId).ToList();
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            db.Songs.Remove(song);
            await db.SaveChangesAsync(ct);
            await LibraryTags.RemoveUnusedAsync(db, tagIds, ct); // a tag no song carries any more goes with its last song
            await transaction.CommitAsync(ct);
        }, cancellationToken);
}
