using Microsoft.EntityFrameworkCore;
using Radio.Domain.Library;
using Radio.Infrastructure.Persistence;

namespace Radio.Infrastructure.Library;

internal sealed class LibraryTags(RadioDbContext db) : ILibraryTags
{
    public async Task<IReadOnlyList<Tag>> ListAsync(CancellationToken cancellationToken) =>
        await db.Tags.AsNoTracking().ToListAsync(cancellationToken);

    public async Task<IReadOnlyList<Tag>> FindAsync(
        IReadOnlyCollection<string> normalizedNames, CancellationToken cancellationToken) =>
        await db.Tags.AsNoTracking().Where(t => normalizedNames.Contains(t.NormalizedName)).ToListAsync(cancellationToken);

    public async Task<IReadOnlyList<TagScore>?> ScoresOfAsync(int songId, CancellationToken cancellationToken)
    {
        var song = await db.Songs.AsNoTracking()
            .Where(s => s.Id == songId)
            .Select(s => new { Scores = s.Tags.Select(t => new { t.Tag!.Name, t.Score }).ToList() })
            .FirstOrDefaultAsync(cancellationToken);
        return song?.Scores
            .Select(s => new TagScore(s.Name, s.Score))
            .OrderBy(s => s.Name, StringComparer.OrdinalIgnoreCase)
            .ThenBy(s => s.Name, StringComparer.Ordinal)
            .ToList();
    }

    public async Task<TagReplacement> ReplaceScoresAsync(
        int songId, IReadOnlyList<TagScore> scores, int maxTags, CancellationToken cancellationToken)
    {
        try
        {
            return await ReplaceOnceAsync(songId, scores, maxTags, cancellationToken);
        }
        catch (DbUpdateException)
        {
            // another request created one of the new tags first, or removed one this found: the second attempt sees it
            db.ChangeTracker.Clear();
            return await ReplaceOnceAsync(songId, scores, maxTags, cancellationToken);
        }
    }

    /// <summary>Deletes those of <paramref name="tagIds"/> that no song carries (inside the caller's transaction).</summary>
    internal static Task<int> RemoveUnusedAsync(RadioDbContext db, IReadOnlyCollection<int> tagIds, CancellationToken cancellationToken) =>
        tagIds.Count == 0
            ? Task.FromResult(0)
            : db.Tags
                .Where(t => tagIds.Contains(t.Id) && !db.Songs.SelectMany(s => s.Tags).Any(st => st.TagId == t.Id))
                .ExecuteDeleteAsync(cancellationToken);

    private Task<TagReplacement> ReplaceOnceAsync(
        int songId, IReadOnlyList<TagScore> scores, int maxTags, CancellationToken cancellationToken) =>
        // the retrying strategy of SQL Server only accepts a transaction it can replay as a whole
        db.Database.CreateExecutionStrategy().ExecuteAsync(async ct =>
        {
            db.ChangeTracker.Clear();
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            var song = await db.Songs.FirstOrDefaultAsync(s => s.Id == songId, ct);
            if (song is null)
            {
                return TagReplacement.NoSuchSong;
            }

            var before = song.Tags.Select(t => t.TagId).ToList();

            var byName = scores.ToDictionary(s => Tag.Normalize(s.Name));
            var names = byName.Keys.ToList();
            var tags = await db.Tags.Where(t => names.Contains(t.NormalizedName)).ToListAsync(ct);
            var created = byName
                .Where(s => !tags.Exists(t => t.NormalizedName == s.Key))
                .Select(s => Tag.Create(s.Value.Name))
                .ToList();
            if (created.Count > 0)
            {
                db.Tags.AddRange(created);
                await db.SaveChangesAsync(ct); // the new tags get their ids
                tags.AddRange(created);
            }

            song.ReplaceTags(tags.Select(t => (t.Id, byName[t.NormalizedName].Score)));
            await db.SaveChangesAsync(ct);
            await RemoveUnusedAsync(db, [.. before.Except(tags.Select(t => t.Id))], ct);

            // counted after the removals, so swapping a tag for a new one at the limit is allowed; and after the
            // inserts, in the transaction, so two requests adding the last allowed tag do not both commit (SQLite
            // serialises writers; SQL Server's count waits on the other's new row)
            if (created.Count > 0 && await db.Tags.CountAsync(ct) > maxTags)
            {
                await transaction.RollbackAsync(ct);
                db.ChangeTracker.Clear();
                return TagReplacement.TooManyTags;
            }

            await transaction.CommitAsync(ct);
            return TagReplacement.Replaced;
        }, cancellationToken);
}
