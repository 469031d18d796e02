using Mediator;
using Radio.Application.Common;
using Radio.Domain.Library;

namespace Radio.Application.Library;

/// <summary>A song's tag scores.</summary>
public sealed record GetSongTags(int SongId) : IQuery<IReadOnlyList<TagScore>>;

public sealed class GetSongTagsHandler(ILibraryTags tags) : IQueryHandler<GetSongTags, IReadOnlyList<TagScore>>
{
    public async ValueTask<IReadOnlyList<TagScore>> Handle(GetSongTags query, CancellationToken cancellationToken) =>
        await tags.ScoresOfAsync(query.SongId, cancellationToken)
        ?? throw new NotFoundException($"There is no song {query.SongId}.");
}
