using FluentValidation;
using Mediator;
using Radio.Application.Common;
using Radio.Domain.Library;

namespace Radio.Application.Library;

/// <summary>Songs whose title or an artist's name contains <paramref name="Query"/>, best matches first; all songs by title without one.</summary>
public sealed record SearchSongs(string? Query, Page Page) : IQuery<IReadOnlyList<SongView>>;

public sealed class SearchSongsValidator : AbstractValidator<SearchSongs>
{
    public SearchSongsValidator() => RuleFor(x => x.Page).ValidPage();
}

public sealed class SearchSongsHandler(ISongSearchIndex index, ISongCatalog catalog)
    : IQueryHandler<SearchSongs, IReadOnlyList<SongView>>
{
    public async ValueTask<IReadOnlyList<SongView>> Handle(SearchSongs query, CancellationToken cancellationToken)
    {
        await index.WhenLoadedAsync(cancellationToken);
        var ids = index.Search(query.Query, query.Page.Limit, query.Page.Offset);
        var views = await catalog.ViewsAsync(ids, cancellationToken);
        // a song deleted since the index answered is left out
        return [.. ids.Where(views.ContainsKey).Select(id => views[id])];
    }
}
