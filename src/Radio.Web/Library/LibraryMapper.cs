using Radio.Domain.Library;
using Riok.Mapperly.Abstractions;

namespace Radio.Web.Library;

[Mapper(RequiredMappingStrategy = RequiredMappingStrategy.Target)]
internal static partial class LibraryMapper
{
    public static partial SongResponse ToResponse(this SongView view);
}
