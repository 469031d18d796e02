using Radio.Web.Library;

namespace Radio.Web.Station;

/// <summary>
/// <c>song</c> and <c>started_at</c> are null when the library is empty; <c>requested_by</c> is the username of the
/// listener who requested the song playing, else null.
/// </summary>
public sealed record NowPlayingResponse(
    SongResponse? Song, DateTimeOffset? StartedAt, double PositionSeconds, int Listeners, IReadOnlyList<SongResponse> Next,
    string? RequestedBy);

/// <summary>Ask for a song to play next.</summary>
public sealed record RequestSongRequest(int? SongId);

/// <summary>A listener's request: the song, who asked (username) and when.</summary>
public sealed record SongRequestResponse(int Id, SongResponse Song, string RequestedBy, DateTimeOffset RequestedAt);

/// <summary>A Song object with the moment the station started playing it.</summary>
public sealed record PlayedSongResponse : SongResponse
{
    public required DateTimeOffset StartedAt { get; init; }
}
