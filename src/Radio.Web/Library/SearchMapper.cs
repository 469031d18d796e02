using Radio.Application.Library;
using Radio.Domain.Library;
using Riok.Mapperly.Abstractions;

namespace Radio.Web.Library;

[Mapper(RequiredMappingStrategy = RequiredMappingStrategy.Target)]
internal static partial class SearchMapper
{
    public static partial TagResponse ToResponse(this TagUsage usage);

    public static partial TagScoreResponse ToResponse(this TagScore score);

    public static partial TagScoreInput ToInput(this TagScoreRequest request);

    public static partial VibeTarget ToTarget(this VibeTargetRequest request);

    [MapNestedProperties(nameof(VibeResult.Song))]
    public static partial VibeSongResponse ToResponse(this VibeResult result);
}
