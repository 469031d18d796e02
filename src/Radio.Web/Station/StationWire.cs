using Radio.Web.Library;

namespace Radio.Web.Station;

/// <summary><c>song</c> and <c>started_at</c> are null when the library is empty.</summary>
public sealed record NowPlayingResponse(
    SongResponse? Song, DateTimeOffset? StartedAt, double PositionSeconds, int Listeners, IReadOnlyList<SongResponse> Next);

/// <summary>A Song object with the moment the station started playing it.</summary>
public sealed record PlayedSongResponse : SongResponse
{
    public required DateTimeOffset StartedAt { get; init; }
}
