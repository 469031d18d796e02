using Microsoft.EntityFrameworkCore;
using Radio.Domain.Station;
using Radio.Infrastructure.Persistence;

namespace Radio.Infrastructure.Station;

internal sealed class SongRequests(RadioDbContext db) : ISongRequests
{
    public Task<SongRequest?> FindAsync(int requestId, CancellationToken cancellationToken) =>
        db.Set<SongRequest>().FirstOrDefaultAsync(r => r.Id == requestId && r.WithdrawnAt == null, cancellationToken);

    public Task<DateTimeOffset?> LatestByAsync(int userId, CancellationToken cancellationToken) =>
        db.Set<SongRequest>().Where(r => r.UserId == userId)
            .OrderByDescending(r => r.RequestedAt).Select(r => (DateTimeOffset?)r.RequestedAt).FirstOrDefaultAsync(cancellationToken);

    public async Task<IReadOnlyList<PendingRequest>> PendingAsync(
        DateTimeOffset now, int offset, int limit, CancellationToken cancellationToken) =>
        await (from e in db.Set<ScheduleEntry>()
               where e.StartsAt > now && e.RequestId != null
               join r in db.Set<SongRequest>() on e.RequestId equals r.Id
               join u in db.Users on r.UserId equals u.Id
               orderby e.Sequence
               select new PendingRequest(r.Id, r.SongId, u.Username, r.RequestedAt, e.StartsAt))
            .Skip(offset).Take(limit).AsNoTracking().ToListAsync(cancellationToken);

    public async Task<IReadOnlyDictionary<int, string>> RequestersAsync(
        IReadOnlyCollection<int> requestIds, CancellationToken cancellationToken) =>
        requestIds.Count == 0
            ? new Dictionary<int, string>()
            : await (from r in db.Set<SongRequest>()
                     where requestIds.Contains(r.Id)
                     join u in db.Users on r.UserId equals u.Id
                     select new { r.Id, u.Username }).ToDictionaryAsync(x => x.Id, x => x.Username, cancellationToken);

    public async Task<bool> TryPlaceAsync(ScheduleEntry entry, IReadOnlyList<ScheduleEntry> dropped, CancellationToken cancellationToken)
    {
        db.RemoveRange(dropped);
        db.Add(entry); // and its request, which EF writes first to give the entry its id
        return await TrySaveAsync(cancellationToken);
    }

    public async Task<bool> TryWithdrawAsync(SongRequest request, ScheduleEntry entry, CancellationToken cancellationToken)
    {
        db.Update(request);
        db.Remove(entry);
        return await TrySaveAsync(cancellationToken);
    }

    /// <summary>One transaction; a sequence number taken or an entry changed by another instance undoes all of it.</summary>
    private async Task<bool> TrySaveAsync(CancellationToken cancellationToken)
    {
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            return true;
        }
        catch (DbUpdateException e) when (e is DbUpdateConcurrencyException || e.IsDuplicateKey())
        {
            db.ChangeTracker.Clear();
            return false;
        }
    }
}
