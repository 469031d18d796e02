namespace Radio.Domain.Listens;

/// <summary>
/// A server-verified listen: an account's credit while one play was on the air reached the play's threshold. One per
/// account and play; it goes when the song is deleted (an export needs the song's title and artists).
/// </summary>
public sealed class Listen
{
    private Listen(int userId, long playSequence, int songId, DateTimeOffset listenedAt, double creditedSeconds) =>
        (UserId, PlaySequence, SongId, ListenedAt, CreditedSeconds) = (userId, playSequence, songId, listenedAt, creditedSeconds);

    public int UserId { get; private set; }

    /// <summary>The schedule entry that was on the air: an account listens to a play once.</summary>
    public long PlaySequence { get; private set; }

    public int SongId { get; private set; }

    /// <summary>The play's start.</summary>
    public DateTimeOffset ListenedAt { get; private set; }

    /// <summary>The account's credit for the play when the listen was decided (at or just past the threshold).</summary>
    public double CreditedSeconds { get; private set; }

    public static Listen Create(int userId, Play play, double creditedSeconds)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(userId);
        ArgumentOutOfRangeException.ThrowIfLessThan(creditedSeconds, play.ThresholdSeconds);
        return new Listen(userId, play.Sequence, play.SongId, play.StartedAt, creditedSeconds);
    }

    /// <summary>A listen decided elsewhere (by another instance's script) and held until it is stored.</summary>
    public static Listen Restore(int userId, long playSequence, int songId, DateTimeOffset listenedAt, double creditedSeconds) =>
        new(userId, playSequence, songId, listenedAt, creditedSeconds);
}
