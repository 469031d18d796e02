namespace Radio.Domain.Favorites;

/// <summary>Each account's favourite songs.</summary>
public interface IFavorites
{
    /// <summary>
    /// Stores the favourite unless the account already has that song (then nothing changes). False when the song
    /// does not exist (it was deleted meanwhile).
    /// </summary>
    Task<bool> AddAsync(Favorite favorite, CancellationToken cancellationToken);

    /// <summary>Removes the account's favourite of the song, if there is one.</summary>
    Task RemoveAsync(int userId, int songId, CancellationToken cancellationToken);

    /// <summary>The account's favourite songs' ids, most recently added first.</summary>
    Task<IReadOnlyList<int>> SongIdsAsync(int userId, int offset, int limit, CancellationToken cancellationToken);
}
