using FluentValidation;
using Mediator;
using Radio.Application.Common;
using Radio.Domain.Library;
using Radio.Domain.Station;

namespace Radio.Application.Station;

/// <summary>The songs the station played, newest first (the one playing now included), a page at a time.</summary>
public sealed record GetHistory(Page Page) : IQuery<IReadOnlyList<PlayedSong>>;

public sealed record PlayedSong(SongView Song, DateTimeOffset StartedAt);

public sealed class GetHistoryValidator : AbstractValidator<GetHistory>
{
    public GetHistoryValidator() => RuleFor(x => x.Page).ValidPage();
}

public sealed class GetHistoryHandler(IStationSchedule schedule, ISongCatalog catalog, TimeProvider clock)
    : IQueryHandler<GetHistory, IReadOnlyList<PlayedSong>>
{
    public async ValueTask<IReadOnlyList<PlayedSong>> Handle(GetHistory query, CancellationToken cancellationToken)
    {
        var entries = await schedule.HistoryAsync(clock.GetUtcNow(), query.Page.Offset, query.Page.Limit, cancellationToken);
        var views = await catalog.ViewsAsync([.. entries.Select(e => e.SongId).Distinct()], cancellationToken);
        return [.. entries.Where(e => views.ContainsKey(e.SongId)).Select(e => new PlayedSong(views[e.SongId], e.StartsAt))];
    }
}
