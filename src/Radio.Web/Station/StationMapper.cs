using Radio.Application.Station;
using Radio.Web.Library;
using Riok.Mapperly.Abstractions;

namespace Radio.Web.Station;

[Mapper(RequiredMappingStrategy = RequiredMappingStrategy.Target)]
internal static partial class StationMapper
{
    public static partial NowPlayingResponse ToResponse(this NowPlayingResult result);

    public static partial SongRequestResponse ToResponse(this SongRequestResult request);

    [MapNestedProperties(nameof(PlayedSong.Song))]
    public static partial PlayedSongResponse ToResponse(this PlayedSong played);

    private static SongResponse ToSong(Domain.Library.SongView view) => view.ToResponse();
}
