using FluentValidation;
using Mediator;
using Radio.Application.Common;
using Radio.Domain.Library;
using Radio.Domain.Listens;

namespace Radio.Application.Listens;

/// <summary>The account's listens, newest first, a page at a time.</summary>
public sealed record ListListens(int UserId, Page Page) : IQuery<IReadOnlyList<ListenResult>>;

public sealed record ListenResult(SongView Song, DateTimeOffset ListenedAt, double CreditedSeconds);

public sealed class ListListensValidator : AbstractValidator<ListListens>
{
    public ListListensValidator() => RuleFor(x => x.Page).ValidPage();
}

public sealed class ListListensHandler(IListenHistory history, ISongCatalog catalog)
    : IQueryHandler<ListListens, IReadOnlyList<ListenResult>>
{
    public async ValueTask<IReadOnlyList<ListenResult>> Handle(ListListens query, CancellationToken cancellationToken)
    {
        var listens = await history.PageAsync(query.UserId, query.Page.Offset, query.Page.Limit, cancellationToken);
        var views = await catalog.ViewsAsync([.. listens.Select(l => l.SongId).Distinct()], cancellationToken);
        // a song deleted between the two reads is left out, as its listens are about to be
        return
        [
            .. listens.Where(l => views.ContainsKey(l.SongId))
                .Select(l => new ListenResult(views[l.SongId], l.ListenedAt, l.CreditedSeconds)),
        ];
    }
}
