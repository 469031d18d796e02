namespace Radio.Domain.Library;

/// <summary>The stored artists.</summary>
public interface IArtists
{
    Task<ArtistView?> FindViewAsync(int artistId, CancellationToken cancellationToken);

    /// <summary>A page of artists by name, then id.</summary>
    Task<IReadOnlyList<ArtistView>> ListViewsAsync(int offset, int limit, CancellationToken cancellationToken);

    /// <summary>The ids among <paramref name="artistIds"/> that name no artist, ascending.</summary>
    Task<IReadOnlyList<int>> MissingAsync(IReadOnlyCollection<int> artistIds, CancellationToken cancellationToken);
}

/// <summary>An artist as clients see it: the number of songs that list it among their artists.</summary>
public sealed record ArtistView(int Id, string Name, int SongCount);
