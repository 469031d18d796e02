using Radio.Application.Listening;
using Riok.Mapperly.Abstractions;

namespace Radio.Web.Listening;

[Mapper(RequiredMappingStrategy = RequiredMappingStrategy.Target)] // every wire field must be filled
internal static partial class ListeningMapper
{
    [MapValue(nameof(HeartbeatResponse.Status), "ok")]
    public static partial HeartbeatResponse ToResponse(this HeartbeatResult result);

    public static LeaderboardEntryResponse ToResponse(this LeaderboardEntry entry) => new(
        entry.User.Id, entry.User.Username, entry.User.Role, entry.User.TotalListenTime, entry.User.ArtistId, entry.PeriodSeconds);
}
