namespace Radio.Domain.Station;

/// <summary>The stored programme, shared by every server instance on the database.</summary>
public interface IStationSchedule
{
    /// <summary>Every song ready for the station now, with its length in seconds.</summary>
    Task<IReadOnlyDictionary<int, double>> LibraryAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Those of <paramref name="songIds"/> still in the library and ready for the station (a song scheduled before it had
    /// a rendition, as at an upgrade, leaves the schedule): a check that does not read the whole library.
    /// </summary>
    Task<IReadOnlySet<int>> StillInLibraryAsync(IReadOnlyCollection<int> songIds, CancellationToken cancellationToken);

    /// <summary>Whether no song is ready for the station.</summary>
    Task<bool> IsLibraryEmptyAsync(CancellationToken cancellationToken);

    /// <summary>The entries that end after <paramref name="now"/>, in sequence order (tracked for <see cref="SaveAsync"/>).</summary>
    Task<IReadOnlyList<ScheduleEntry>> UpcomingAsync(DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>The entry with the highest sequence number, or null before the station first played.</summary>
    Task<ScheduleEntry?> LastAsync(CancellationToken cancellationToken);

    /// <summary>The songs scheduled so far in a round.</summary>
    Task<IReadOnlySet<int>> SongsInRoundAsync(int round, CancellationToken cancellationToken);

    /// <summary>Appends an entry; false when another instance already stored one with the same sequence number.</summary>
    Task<bool> TryAppendAsync(ScheduleEntry entry, CancellationToken cancellationToken);

    /// <summary>
    /// Stores changes to the entries from <see cref="UpcomingAsync"/> and removes <paramref name="dropped"/>;
    /// false when another instance changed them first (nothing is stored then).
    /// </summary>
    Task<bool> SaveAsync(IReadOnlyList<ScheduleEntry> dropped, CancellationToken cancellationToken);

    /// <summary>Entries that have started by <paramref name="now"/> and whose song still exists, newest first.</summary>
    Task<IReadOnlyList<ScheduleEntry>> HistoryAsync(DateTimeOffset now, int offset, int limit, CancellationToken cancellationToken);

    /// <summary>Whether an entry of the song is on the air at some moment between <paramref name="from"/> and <paramref name="to"/>.</summary>
    Task<bool> OnAirBetweenAsync(int songId, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken);

    /// <summary>The stored MP3's key of a song, or null when the song no longer exists.</summary>
    Task<string?> AudioKeyAsync(int songId, CancellationToken cancellationToken);
}
