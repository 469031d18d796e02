using FluentValidation;
using Mediator;
using Radio.Application.Common;
using Radio.Domain.Favorites;
using Radio.Domain.Library;

namespace Radio.Application.Favorites;

/// <summary>The account's favourite songs, most recently added first, a page at a time.</summary>
public sealed record ListFavorites(int UserId, Page Page) : IQuery<IReadOnlyList<SongView>>;

public sealed class ListFavoritesValidator : AbstractValidator<ListFavorites>
{
    public ListFavoritesValidator() => RuleFor(x => x.Page).ValidPage();
}

public sealed class ListFavoritesHandler(IFavorites favorites, ISongCatalog catalog)
    : IQueryHandler<ListFavorites, IReadOnlyList<SongView>>
{
    public async ValueTask<IReadOnlyList<SongView>> Handle(ListFavorites query, CancellationToken cancellationToken)
    {
        var ids = await favorites.SongIdsAsync(query.UserId, query.Page.Offset, query.Page.Limit, cancellationToken);
        var views = await catalog.ViewsAsync(ids, cancellationToken);
        // a song deleted between the two reads is left out
        return [.. ids.Where(views.ContainsKey).Select(id => views[id])];
    }
}
