namespace Radio.Domain.Library;

/// <summary>The stored songs, read as <see cref="SongView"/>s, and added or removed as entities.</summary>
public interface ISongCatalog
{
    Task<SongView?> FindViewAsync(int songId, CancellationToken cancellationToken);

    /// <summary>The views of the songs that exist among <paramref name="songIds"/>, keyed by id (missing ids are absent).</summary>
    Task<IReadOnlyDictionary<int, SongView>> ViewsAsync(IReadOnlyCollection<int> songIds, CancellationToken cancellationToken);

    /// <summary>The song entity (tracked, with its artists), or null.</summary>
    Task<Song?> FindAsync(int songId, CancellationToken cancellationToken);

    /// <summary>
    /// Stores a new song and its artists in one commit. With a <paramref name="quota"/>, only when the bytes stored by
    /// the quota's artist (<see cref="Song.StoredBytes"/> of the songs its accounts uploaded), this song's included,
    /// stay within it; checked and stored atomically, so concurrent uploads cannot pass it together. False, and
    /// nothing stored, when they would not.
    /// </summary>
    Task<bool> AddAsync(Song song, StorageQuota? quota, CancellationToken cancellationToken);

    /// <summary>
    /// Deletes a song found by <see cref="FindAsync"/> (or just added), with its artist and tag rows, and the tags no
    /// other song carries.
    /// </summary>
    Task RemoveAsync(Song song, CancellationToken cancellationToken);
}

/// <summary>At most <paramref name="MaxBytes"/> stored for the artist <paramref name="ArtistId"/>.</summary>
public readonly record struct StorageQuota(int ArtistId, long MaxBytes);
