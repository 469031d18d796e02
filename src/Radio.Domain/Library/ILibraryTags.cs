namespace Radio.Domain.Library;

/// <summary>The stored tags and the songs' scores for them.</summary>
public interface ILibraryTags
{
    /// <summary>Every tag (the scan order is unspecified).</summary>
    Task<IReadOnlyList<Tag>> ListAsync(CancellationToken cancellationToken);

    /// <summary>The tags whose <see cref="Tag.NormalizedName"/> is among <paramref name="normalizedNames"/>.</summary>
    Task<IReadOnlyList<Tag>> FindAsync(IReadOnlyCollection<string> normalizedNames, CancellationToken cancellationToken);

    /// <summary>A song's tag scores by tag name; null when the song does not exist.</summary>
    Task<IReadOnlyList<TagScore>?> ScoresOfAsync(int songId, CancellationToken cancellationToken);

    /// <summary>
    /// Replaces a song's scores, creating the tags whose names are new (names are unique ignoring case).
    /// False when the song does not exist.
    /// </summary>
    Task<bool> ReplaceScoresAsync(int songId, IReadOnlyList<TagScore> scores, CancellationToken cancellationToken);
}

/// <summary>A song's score for a named tag.</summary>
public readonly record struct TagScore(string Name, double Score);
