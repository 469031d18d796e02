namespace Radio.Domain.Station;

/// <summary>
/// One song's slot in the station's programme. <see cref="Sequence"/> is unique: two server instances that
/// both try to append entry n+1 race on it, and the loser reloads instead of double-scheduling.
/// </summary>
public sealed class ScheduleEntry
{
    private ScheduleEntry(long sequence, int songId, int round, DateTimeOffset startsAt, double durationSeconds)
    {
        Sequence = sequence;
        SongId = songId;
        Round = round;
        DurationSeconds = durationSeconds;
        StartsAt = startsAt;
        EndsAt = startsAt + TimeSpan.FromSeconds(durationSeconds);
    }

    public long Sequence { get; private set; }
    public int SongId { get; private set; }

    /// <summary>The pass through the library this entry belongs to; no song plays twice in one round.</summary>
    public int Round { get; private set; }

    public DateTimeOffset StartsAt { get; private set; }

    /// <summary>When the next entry starts: the song's end, or earlier when the song was deleted while playing.</summary>
    public DateTimeOffset EndsAt { get; private set; }

    /// <summary>The song's length when it was scheduled.</summary>
    public double DurationSeconds { get; private set; }

    /// <summary>The listener's request this entry plays, if it is one; a replan keeps it in place.</summary>
    public int? RequestId { get; private set; }

    /// <summary>Set on a new requested entry, so the request and its entry are stored together.</summary>
    public SongRequest? Request { get; private set; }

    /// <summary>
    /// Whole seconds all listeners (signed in or not) were credited while this entry was on the air; only ever raised
    /// by the listening totals' batched flush, with an atomic increment.
    /// </summary>
    public long ListenedSeconds { get; private set; }

    public bool IsRequest => RequestId is not null || Request is not null;

    /// <summary>Whether this entry is the one that plays <paramref name="request"/>.</summary>
    public bool Plays(SongRequest request) => ReferenceEquals(Request, request) || (RequestId is { } id && id == request.Id);

    /// <summary>The very first entry of a station.</summary>
    public static ScheduleEntry First(int songId, double durationSeconds, DateTimeOffset now) =>
        Create(1, songId, 1, now, durationSeconds);

    /// <summary>The entry after this one: straight after it, or now when the station was off the air in between.</summary>
    public ScheduleEntry Next(int songId, int round, double durationSeconds, DateTimeOffset now) =>
        Create(Sequence + 1, songId, round, EndsAt > now ? EndsAt : now, durationSeconds);

    /// <summary>The entry that plays <paramref name="request"/>, starting at <paramref name="startsAt"/>.</summary>
    public static ScheduleEntry ForRequest(
        long sequence, SongRequest request, int round, DateTimeOffset startsAt, double durationSeconds)
    {
        var entry = Create(sequence, request.SongId, round, startsAt, durationSeconds);
        entry.Request = request;
        return entry;
    }

    public bool IsPlayingAt(DateTimeOffset now) => StartsAt <= now && now < EndsAt;

    public TimeSpan PositionAt(DateTimeOffset now) => now - StartsAt;

    /// <summary>Cuts the entry short (its song was deleted while playing).</summary>
    internal void EndAt(DateTimeOffset now) => EndsAt = now < StartsAt ? StartsAt : now;

    /// <summary>Moves a not-yet-started entry, keeping its length.</summary>
    internal void MoveTo(DateTimeOffset startsAt)
    {
        StartsAt = startsAt;
        EndsAt = startsAt + TimeSpan.FromSeconds(DurationSeconds);
    }

    private static ScheduleEntry Create(long sequence, int songId, int round, DateTimeOffset startsAt, double durationSeconds)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(sequence);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(round);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(durationSeconds);
        return new ScheduleEntry(sequence, songId, round, startsAt, durationSeconds);
    }
}
