namespace Radio.Domain.Station;

/// <summary>
/// A listener's wish to hear a song next. It waits in the stored schedule as the entry that carries it
/// (<see cref="ScheduleEntry.Request"/>): pending while that entry has not started. The row outlives the play (and a
/// withdrawal), so the per-listener interval still sees it.
/// </summary>
public sealed class SongRequest
{
    private SongRequest(int songId, int userId, DateTimeOffset requestedAt) =>
        (SongId, UserId, RequestedAt) = (songId, userId, requestedAt);

    public int Id { get; private set; }
    public int SongId { get; private set; }

    /// <summary>The account that asked.</summary>
    public int UserId { get; private set; }

    public DateTimeOffset RequestedAt { get; private set; }

    /// <summary>When its requester or an admin took it out of the queue before it played.</summary>
    public DateTimeOffset? WithdrawnAt { get; private set; }

    public static SongRequest Create(int songId, int userId, DateTimeOffset now)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(songId);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(userId);
        return new SongRequest(songId, userId, now);
    }

    public void Withdraw(DateTimeOffset now) => WithdrawnAt ??= now;
}
