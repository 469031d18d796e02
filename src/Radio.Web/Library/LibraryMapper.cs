using Radio.Application.Library;
using Radio.Domain.Library;
using Riok.Mapperly.Abstractions;

namespace Radio.Web.Library;

[Mapper(RequiredMappingStrategy = RequiredMappingStrategy.Target)]
internal static partial class LibraryMapper
{
    public static partial SongResponse ToResponse(this SongView view);

    public static partial ArtistResponse ToResponse(this ArtistView view);

    public static partial AlbumResponse ToResponse(this AlbumView view);

    public static partial AlbumDetailResponse ToResponse(this AlbumDetails details);

    public static partial IReadOnlyList<ArtistResponse> ToResponse(this IReadOnlyList<ArtistView> views);

    public static partial IReadOnlyList<AlbumResponse> ToResponse(this IReadOnlyList<AlbumView> views);
}
