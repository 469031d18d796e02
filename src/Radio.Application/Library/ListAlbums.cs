using FluentValidation;
using Mediator;
using Radio.Application.Common;
using Radio.Domain.Library;

namespace Radio.Application.Library;

/// <summary>A page of albums by title.</summary>
public sealed record ListAlbums(Page Page) : IQuery<IReadOnlyList<AlbumView>>;

public sealed class ListAlbumsValidator : AbstractValidator<ListAlbums>
{
    public ListAlbumsValidator() => RuleFor(x => x.Page).ValidPage();
}

public sealed class ListAlbumsHandler(IAlbums albums) : IQueryHandler<ListAlbums, IReadOnlyList<AlbumView>>
{
    public async ValueTask<IReadOnlyList<AlbumView>> Handle(ListAlbums query, CancellationToken cancellationToken) =>
        await albums.ListViewsAsync(query.Page.Offset, query.Page.Limit, cancellationToken);
}
