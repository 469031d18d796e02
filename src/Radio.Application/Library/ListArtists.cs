using FluentValidation;
using Mediator;
using Radio.Application.Common;
using Radio.Domain.Library;

namespace Radio.Application.Library;

/// <summary>A page of artists by name.</summary>
public sealed record ListArtists(Page Page) : IQuery<IReadOnlyList<ArtistView>>;

public sealed class ListArtistsValidator : AbstractValidator<ListArtists>
{
    public ListArtistsValidator() => RuleFor(x => x.Page).ValidPage();
}

public sealed class ListArtistsHandler(IArtists artists) : IQueryHandler<ListArtists, IReadOnlyList<ArtistView>>
{
    public async ValueTask<IReadOnlyList<ArtistView>> Handle(ListArtists query, CancellationToken cancellationToken) =>
        await artists.ListViewsAsync(query.Page.Offset, query.Page.Limit, cancellationToken);
}
