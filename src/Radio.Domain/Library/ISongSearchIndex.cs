namespace Radio.Domain.Library;

/// <summary>
/// The library held in memory for search: folded titles and artist names, and every song's tag scores.
/// Filled from the database at start-up and kept current song by song by <see cref="ISongSearchIndexLoader"/>.
/// </summary>
public interface ISongSearchIndex
{
    /// <summary>Completes once the start-up load has finished; searches wait for it.</summary>
    Task WhenLoadedAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Ids of the songs whose title or any artist name contains <paramref name="query"/> (ignoring case and accents),
    /// best first: exact title, title prefix, substring of title or artist; then by title and id.
    /// A blank query lists every song by title.
    /// </summary>
    IReadOnlyList<int> Search(string? query, int limit, int offset);

    /// <summary>The songs closest to the targets (mean absolute error, a missing tag scoring 0), then by id.</summary>
    IReadOnlyList<VibeMatch> MatchVibe(IReadOnlyList<TagTarget> targets, int limit);

    /// <summary>How many songs carry the tag.</summary>
    int SongCountOf(int tagId);
}

/// <summary>A requested tag score in a vibe search.</summary>
public readonly record struct TagTarget(int TagId, double Target);

/// <summary>A vibe search hit.</summary>
public readonly record struct VibeMatch(int SongId, double MatchError);
