namespace Radio.Domain.Favorites;

/// <summary>A song an account has marked as a favourite; it goes when the song is deleted.</summary>
public sealed class Favorite
{
    private Favorite(int userId, int songId, DateTimeOffset addedAt) => (UserId, SongId, AddedAt) = (userId, songId, addedAt);

    /// <summary>Grows with every favourite added, so the newest come first even when added in the same instant.</summary>
    public long Id { get; private set; }

    public int UserId { get; private set; }
    public int SongId { get; private set; }
    public DateTimeOffset AddedAt { get; private set; }

    public static Favorite Create(int userId, int songId, DateTimeOffset now)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(userId);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(songId);
        return new Favorite(userId, songId, now);
    }
}
