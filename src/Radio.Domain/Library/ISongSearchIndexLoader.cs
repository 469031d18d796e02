namespace Radio.Domain.Library;

/// <summary>Fills the <see cref="ISongSearchIndex"/> from the database: the whole library at start-up, then song by song.</summary>
public interface ISongSearchIndexLoader
{
    /// <summary>Re-reads one song from the database: adds, updates or (when it is gone) drops it in the index.</summary>
    Task RefreshAsync(int songId, CancellationToken cancellationToken);
}
