using FluentValidation;
using Mediator;
using Radio.Application.Common;
using Radio.Domain.Library;
using Radio.Domain.Station;

namespace Radio.Application.Station;

/// <summary>The requests waiting to play, in the order they will play.</summary>
public sealed record ListRequests(Page Page) : IQuery<IReadOnlyList<SongRequestResult>>;

public sealed class ListRequestsValidator : AbstractValidator<ListRequests>
{
    public ListRequestsValidator() => RuleFor(x => x.Page).ValidPage();
}

public sealed class ListRequestsHandler(ISongRequests requests, ISongCatalog catalog, TimeProvider clock)
    : IQueryHandler<ListRequests, IReadOnlyList<SongRequestResult>>
{
    public async ValueTask<IReadOnlyList<SongRequestResult>> Handle(ListRequests query, CancellationToken cancellationToken)
    {
        var pending = await requests.PendingAsync(clock.GetUtcNow(), query.Page.Offset, query.Page.Limit, cancellationToken);
        var views = await catalog.ViewsAsync([.. pending.Select(p => p.SongId).Distinct()], cancellationToken);
        // a song deleted a moment ago, before its request went with it, is left out
        return [.. pending.Where(p => views.ContainsKey(p.SongId))
            .Select(p => new SongRequestResult(p.Id, views[p.SongId], p.RequestedBy, p.RequestedAt))];
    }
}
