namespace Radio.Domain.Library;

/// <summary>The stored albums.</summary>
public interface IAlbums
{
    Task<AlbumView?> FindViewAsync(int albumId, CancellationToken cancellationToken);

    /// <summary>A page of albums by title, then id.</summary>
    Task<IReadOnlyList<AlbumView>> ListViewsAsync(int offset, int limit, CancellationToken cancellationToken);

    /// <summary>The ids of the album's songs in upload order.</summary>
    Task<IReadOnlyList<int>> SongIdsAsync(int albumId, CancellationToken cancellationToken);

    Task AddAsync(Album album, CancellationToken cancellationToken);
}

/// <summary>An album as clients see it, with its artist's name.</summary>
public sealed record AlbumView(int Id, string Title, int ArtistId, string ArtistName);
