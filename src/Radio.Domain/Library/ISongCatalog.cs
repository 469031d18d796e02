namespace Radio.Domain.Library;

/// <summary>The stored songs, read as <see cref="SongView"/>s.</summary>
public interface ISongCatalog
{
    Task<SongView?> FindViewAsync(int songId, CancellationToken cancellationToken);

    /// <summary>The views of the songs that exist among <paramref name="songIds"/>, keyed by id (missing ids are absent).</summary>
    Task<IReadOnlyDictionary<int, SongView>> ViewsAsync(IReadOnlyCollection<int> songIds, CancellationToken cancellationToken);
}
