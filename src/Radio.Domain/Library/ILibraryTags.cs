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
    /// Replaces a song's scores, creating the tags whose names are new (names are unique ignoring case) and removing
    /// the tags it drops that no song carries any more. Nothing changes when the song does not exist, or when the new
    /// tags would make the library hold more than <paramref name="maxTags"/>.
    /// </summary>
    Task<TagReplacement> ReplaceScoresAsync(
        int songId, IReadOnlyList<TagScore> scores, int maxTags, CancellationToken cancellationToken);
}

/// <summary>How a replacement of a song's scores ended.</summary>
public enum TagReplacement
{
    Replaced,
    NoSuchSong,
    TooManyTags,
}

/// <summary>A song's score for a named tag.</summary>
public readonly record struct TagScore(string Name, double Score);
