namespace Radio.Domain.Statistics;

/// <summary>What the stored listening, requests and favourites say about an artist's songs.</summary>
public interface ISongStatistics
{
    /// <summary>
    /// One tally per song listing the artist among its artists, also the songs nothing happened to, counted over
    /// [<paramref name="from"/>, <paramref name="to"/>).
    /// </summary>
    Task<IReadOnlyList<SongTally>> ReadAsync(int artistId, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken);
}

/// <summary>
/// One song's counts over a range: <see cref="ListeningSeconds"/> credited during its plays that started in the range,
/// <see cref="Listens"/> decided for those plays, <see cref="Requests"/> made (not withdrawn) and
/// <see cref="Favorites"/> added (and kept) in the range.
/// </summary>
public sealed record SongTally(int SongId, long ListeningSeconds, long Listens, long Requests, long Favorites);
