using Microsoft.EntityFrameworkCore;
using Radio.Domain.Library;
using Radio.Domain.Station;
using Radio.Infrastructure.Persistence;

namespace Radio.Infrastructure.Station;

internal sealed class StationSchedule(RadioDbContext db) : IStationSchedule
{
    public async Task<IReadOnlyDictionary<int, double>> LibraryAsync(CancellationToken cancellationToken) =>
        await db.Songs.AsNoTracking().Where(s => s.RenditionState == RenditionState.Ready).ToDictionaryAsync(s => s.Id, s => s.DurationSeconds, cancellationToken);

    public async Task<IReadOnlySet<int>> StillInLibraryAsync(IReadOnlyCollection<int> songIds, CancellationToken cancellationToken) =>
        songIds.Count == 0
            ? new HashSet<int>()
            : (await db.Songs.Where(s => songIds.Contains(s.Id) && s.RenditionState == RenditionState.Ready).Select(s => s.Id)
                .ToListAsync(cancellationToken)).ToHashSet();

    public async Task<bool> IsLibraryEmptyAsync(CancellationToken cancellationToken) =>
        !await db.Songs.AnyAsync(s => s.RenditionState == RenditionState.Ready, cancellationToken);

    public async Task<IReadOnlyList<ScheduleEntry>> UpcomingAsync(DateTimeOffset now, CancellationToken cancellationToken) =>
        await db.Set<ScheduleEntry>().Where(e => e.EndsAt > now).OrderBy(e => e.Sequence).ToListAsync(cancellationToken);

    public Task<ScheduleEntry?> LastAsync(CancellationToken cancellationToken) =>
        db.Set<ScheduleEntry>().AsNoTracking().OrderByDescending(e => e.Sequence).FirstOrDefaultAsync(cancellationToken);

    public async Task<IReadOnlySet<int>> SongsInRoundAsync(int round, CancellationToken cancellationToken) =>
        (await db.Set<ScheduleEntry>().Where(e => e.Round == round).Select(e => e.SongId).Distinct()
            .ToListAsync(cancellationToken)).ToHashSet();

    public async Task<bool> TryAppendAsync(ScheduleEntry entry, CancellationToken cancellationToken)
    {
        // Entries read for a repair are done with once the keeper appends, and one read after another instance (or
        // this one's background keeper) appended may already hold this sequence number: the tracker would refuse
        // the new entry before the database could answer that the number is taken.
        foreach (var tracked in db.ChangeTracker.Entries<ScheduleEntry>().ToList())
        {
            tracked.State = EntityState.Detached;
        }

        db.Add(entry);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            db.Entry(entry).State = EntityState.Detached;
            return true;
        }
        catch (DbUpdateException e) when (e.IsDuplicateKey())
        {
            db.ChangeTracker.Clear();
            return false;
        }
    }

    public async Task<bool> SaveAsync(IReadOnlyList<ScheduleEntry> dropped, CancellationToken cancellationToken)
    {
        db.RemoveRange(dropped);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            return true;
        }
        catch (DbUpdateConcurrencyException)
        {
            db.ChangeTracker.Clear();
            return false;
        }
    }

    public async Task<IReadOnlyList<ScheduleEntry>> HistoryAsync(DateTimeOffset now, int offset, int limit, CancellationToken cancellationToken) =>
        await db.Set<ScheduleEntry>().AsNoTracking()
            .Where(e => e.StartsAt <= now && e.EndsAt > e.StartsAt && db.Songs.Any(s => s.Id == e.SongId))
            .OrderByDescending(e => e.Sequence)
            .Skip(offset)
            .Take(limit)
            .ToListAsync(cancellationToken);

    public Task<bool> OnAirBetweenAsync(int songId, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken) =>
        db.Set<ScheduleEntry>().AnyAsync(
            e => e.SongId == songId && e.StartsAt < to && e.EndsAt > from && e.EndsAt > e.StartsAt, cancellationToken);

    public Task<string?> AudioKeyAsync(int songId, CancellationToken cancellationToken) =>
        db.Songs.Where(s => s.Id == songId).Select(s => s.RenditionKey ?? s.AudioKey).FirstOrDefaultAsync(cancellationToken);
}
