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

    public async Task<bool> ReplaceScoresAsync(int songId, IReadOnlyList<TagScore> scores, CancellationToken cancellationToken)
    {
        try
        {
            return await ReplaceOnceAsync(songId, scores, cancellationToken);
        }
        catch (DbUpdateException)
        {
            // another request created one of the new tags first: the second attempt finds it
            db.ChangeTracker.Clear();
            return await ReplaceOnceAsync(songId, scores, cancellationToken);
        }
    }

    private Task<bool> ReplaceOnceAsync(int songId, IReadOnlyList<TagScore> scores, CancellationToken cancellationToken) =>
        // the retrying strategy of SQL Server only accepts a transaction it can replay as a whole
        db.Database.CreateExecutionStrategy().ExecuteAsync(async ct =>
        {
            db.ChangeTracker.Clear();
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            var song = await db.Songs.FirstOrDefaultAsync(s => s.Id == songId, ct);
            if (song is null)
            {
                return false;
            }

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
            await transaction.CommitAsync(ct);
            return true;
        }, cancellationToken);
}
