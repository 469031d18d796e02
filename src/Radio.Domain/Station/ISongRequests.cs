namespace Radio.Domain.Station;

/// <summary>Listeners' song requests, stored with the schedule entries that play them.</summary>
public interface ISongRequests
{
    /// <summary>The request (tracked, for <see cref="TryWithdrawAsync"/>), or null when there is none or it was withdrawn.</summary>
    Task<SongRequest?> FindAsync(int requestId, CancellationToken cancellationToken);

    /// <summary>When the account last made a request, if ever (withdrawn ones count).</summary>
    Task<DateTimeOffset?> LatestByAsync(int userId, CancellationToken cancellationToken);

    /// <summary>The requests whose entries have not started by <paramref name="now"/>, in the order they will play.</summary>
    Task<IReadOnlyList<PendingRequest>> PendingAsync(DateTimeOffset now, int offset, int limit, CancellationToken cancellationToken);

    /// <summary>The requesters' usernames of the given requests, keyed by request id (gone ones are absent).</summary>
    Task<IReadOnlyDictionary<int, string>> RequestersAsync(IReadOnlyCollection<int> requestIds, CancellationToken cancellationToken);

    /// <summary>
    /// Stores a new request with its entry, the changes to the entries from <see cref="IStationSchedule.UpcomingAsync"/>
    /// and the removal of <paramref name="dropped"/>, all at once; false when another instance changed the schedule
    /// first (nothing is stored then).
    /// </summary>
    Task<bool> TryPlaceAsync(ScheduleEntry entry, IReadOnlyList<ScheduleEntry> dropped, CancellationToken cancellationToken);

    /// <summary>
    /// Stores a withdrawal (<see cref="SongRequest.Withdraw"/>) with the removal of its entry, from
    /// <see cref="IStationSchedule.UpcomingAsync"/>; false when another instance changed that entry first.
    /// </summary>
    Task<bool> TryWithdrawAsync(SongRequest request, ScheduleEntry entry, CancellationToken cancellationToken);
}

/// <summary>A request waiting to play, with who asked and when it is scheduled to start.</summary>
public sealed record PendingRequest(int Id, int SongId, string RequestedBy, DateTimeOffset RequestedAt, DateTimeOffset StartsAt);
