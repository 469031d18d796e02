using Microsoft.EntityFrameworkCore;
using Radio.Domain.Favorites;
using Radio.Domain.Listens;
using Radio.Domain.Statistics;
using Radio.Domain.Station;
using Radio.Infrastructure.Persistence;

namespace Radio.Infrastructure.Statistics;

/// <summary>
/// An artist's songs' counts: one grouped query per count over the artist's song ids (a subquery, so no list of
/// ids is sent, however many songs the artist has), whatever the number of songs.
/// </summary>
internal sealed class SongStatistics(RadioDbContext db) : ISongStatistics
{
    public async Task<IReadOnlyList<SongTally>> ReadAsync(
        int artistId, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken)
    {
        var songs = db.Songs.Where(s => s.Artists.Any(a => a.ArtistId == artistId)).Select(s => s.Id);
        var ids = await songs.ToListAsync(cancellationToken);
        if (ids.Count == 0)
        {
            return [];
        }

        var seconds = await db.Set<ScheduleEntry>().AsNoTracking()
            .Where(e => songs.Contains(e.SongId) && e.StartsAt >= from && e.StartsAt < to)
            .GroupBy(e => e.SongId).Select(g => new { g.Key, Value = g.Sum(e => e.ListenedSeconds) })
            .ToDictionaryAsync(g => g.Key, g => g.Value, cancellationToken);
        var listens = await db.Set<Listen>().AsNoTracking()
            .Where(l => songs.Contains(l.SongId) && l.ListenedAt >= from && l.ListenedAt < to)
            .GroupBy(l => l.SongId).Select(g => new { g.Key, Value = g.LongCount() })
            .ToDictionaryAsync(g => g.Key, g => g.Value, cancellationToken);
        // a withdrawn request was taken back before it played; the rows of played requests are kept
        var requests = await db.Set<SongRequest>().AsNoTracking()
            .Where(r => songs.Contains(r.SongId) && r.WithdrawnAt == null && r.RequestedAt >= from && r.RequestedAt < to)
            .GroupBy(r => r.SongId).Select(g => new { g.Key, Value = g.LongCount() })
            .ToDictionaryAsync(g => g.Key, g => g.Value, cancellationToken);
        // an unfavourited song's row is deleted: these are the favourites added in the range and still held
        var favorites = await db.Set<Favorite>().AsNoTracking()
            .Where(f => songs.Contains(f.SongId) && f.AddedAt >= from && f.AddedAt < to)
            .GroupBy(f => f.SongId).Select(g => new { g.Key, Value = g.LongCount() })
            .ToDictionaryAsync(g => g.Key, g => g.Value, cancellationToken);
        return
        [
            .. ids.Select(id => new SongTally(
                id, seconds.GetValueOrDefault(id), listens.GetValueOrDefault(id), requests.GetValueOrDefault(id),
                favorites.GetValueOrDefault(id))),
        ];
    }
}
