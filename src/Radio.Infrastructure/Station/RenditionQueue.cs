using Microsoft.EntityFrameworkCore;
using Radio.Domain.Library;
using Radio.Infrastructure.Persistence;

namespace Radio.Infrastructure.Station;

/// <summary>
/// The renditions still to be made, kept in the songs table so every instance on the database shares them. Every
/// change is one conditional UPDATE: of two instances claiming a song, the database lets exactly one succeed.
/// </summary>
internal sealed class RenditionQueue(RadioDbContext db)
{
    private const int Candidates = 8;

    /// <summary>Claims a waiting song, or one whose claim expired (its instance crashed); null when there is none.</summary>
    public async Task<RenditionWork?> ClaimAsync(string owner, DateTimeOffset now, TimeSpan lease, CancellationToken cancellationToken)
    {
        var candidates = await Claimable(now).OrderBy(s => s.Id).Take(Candidates)
            .Select(s => new RenditionWork(s.Id, s.AudioKey)).ToListAsync(cancellationToken);
        foreach (var candidate in candidates)
        {
            var claimed = await Claimable(now).Where(s => s.Id == candidate.SongId).ExecuteUpdateAsync(u => u
                .SetProperty(s => s.RenditionState, RenditionState.Working)
                .SetProperty(s => s.RenditionOwner, owner)
                .SetProperty(s => s.RenditionLeaseUntil, now + lease), cancellationToken);
            if (claimed == 1)
            {
                return candidate;
            }
        }

        return null;
    }

    /// <summary>Keeps a claim alive while ffmpeg works; false when it was lost (the song deleted, or taken over).</summary>
    public async Task<bool> RenewAsync(int songId, string owner, DateTimeOffset until, CancellationToken cancellationToken) =>
        await Owned(songId, owner).ExecuteUpdateAsync(u => u.SetProperty(s => s.RenditionLeaseUntil, until), cancellationToken) == 1;

    /// <summary>Puts the song on the air with its rendition (or as uploaded, with no key); false when the claim was lost.</summary>
    public async Task<bool> CompleteAsync(
        int songId, string owner, string? renditionKey, double durationSeconds, CancellationToken cancellationToken) =>
        await Owned(songId, owner).ExecuteUpdateAsync(u => u
            .SetProperty(s => s.RenditionState, RenditionState.Ready)
            .SetProperty(s => s.RenditionKey, renditionKey)
            .SetProperty(s => s.DurationSeconds, durationSeconds)
            .SetProperty(s => s.RenditionOwner, (string?)null)
            .SetProperty(s => s.RenditionLeaseUntil, (DateTimeOffset?)null), cancellationToken) == 1;

    /// <summary>Leaves the song off the air for good, with the reason.</summary>
    public async Task<bool> FailAsync(int songId, string owner, string reason, CancellationToken cancellationToken)
    {
        var stored = reason.Length > Song.MaxRenditionErrorLength ? reason[..Song.MaxRenditionErrorLength] : reason;
        return await Owned(songId, owner).ExecuteUpdateAsync(u => u
            .SetProperty(s => s.RenditionState, RenditionState.Failed)
            .SetProperty(s => s.RenditionError, stored)
            .SetProperty(s => s.RenditionOwner, (string?)null)
            .SetProperty(s => s.RenditionLeaseUntil, (DateTimeOffset?)null), cancellationToken) == 1;
    }

    /// <summary>Gives a claim back unfinished (this instance is stopping), so another instance takes it at once.</summary>
    public async Task<bool> ReleaseAsync(int songId, string owner, CancellationToken cancellationToken) =>
        await Owned(songId, owner).ExecuteUpdateAsync(u => u
            .SetProperty(s => s.RenditionState, RenditionState.Waiting)
            .SetProperty(s => s.RenditionOwner, (string?)null)
            .SetProperty(s => s.RenditionLeaseUntil, (DateTimeOffset?)null), cancellationToken) == 1;

    /// <summary>Waiting songs after <paramref name="afterId"/>, in id order (for the check made without ffmpeg).</summary>
    public async Task<IReadOnlyList<RenditionWork>> WaitingAsync(int afterId, int limit, CancellationToken cancellationToken) =>
        await db.Songs.AsNoTracking()
            .Where(s => s.RenditionState == RenditionState.Waiting && s.Id > afterId)
            .OrderBy(s => s.Id).Take(limit)
            .Select(s => new RenditionWork(s.Id, s.AudioKey)).ToListAsync(cancellationToken);

    /// <summary>Puts a waiting song on the air as uploaded; false when it is no longer waiting.</summary>
    public async Task<bool> ReadyAsUploadedAsync(int songId, CancellationToken cancellationToken) =>
        await db.Songs.Where(s => s.Id == songId && s.RenditionState == RenditionState.Waiting)
            .ExecuteUpdateAsync(u => u.SetProperty(s => s.RenditionState, RenditionState.Ready), cancellationToken) == 1;

    private IQueryable<Song> Claimable(DateTimeOffset now) => db.Songs.Where(s =>
        s.RenditionState == RenditionState.Waiting
        || (s.RenditionState == RenditionState.Working && (s.RenditionLeaseUntil == null || s.RenditionLeaseUntil < now)));

    private IQueryable<Song> Owned(int songId, string owner) =>
        db.Songs.Where(s => s.Id == songId && s.RenditionState == RenditionState.Working && s.RenditionOwner == owner);
}

/// <summary>A song to render: its id and its upload's media key.</summary>
internal sealed record RenditionWork(int SongId, string AudioKey);
