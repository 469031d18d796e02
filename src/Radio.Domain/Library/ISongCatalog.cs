namespace Radio.Domain.Library;

/// <summary>The stored songs, read as <see cref="SongView"/>s, and added or removed as entities.</summary>
public interface ISongCatalog
{
    Task<SongView?> FindViewAsync(int songId, CancellationToken cancellationToken);

    /// <summary>The views of the songs that exist among <paramref name="songIds"/>, keyed by id (missing ids are absent).</summary>
    Task<IReadOnlyDictionary<int, SongView>> ViewsAsync(IReadOnlyCollection<int> songIds, CancellationToken cancellationToken);

    /// <summary>The song entity (tracked, with its artists), or null.</summary>
    Task<Song?> FindAsync(int songId, CancellationToken cancellationToken);

    /// <summary>Stores a new song and its artists in one commit.</summary>
    Task AddAsync(Song song, CancellationToken cancellationToken);

    /// <summary>Deletes a song found by <see cref="FindAsync"/> (or just added), with its artist and tag rows.</summary>
    Task RemoveAsync(Song song, CancellationToken cancellationToken);
}
