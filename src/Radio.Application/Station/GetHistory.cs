using FluentValidation;
using Mediator;
using Radio.Domain.Library;
using Radio.Domain.Station;

namespace Radio.Application.Station;

/// <summary>The songs the station played, newest first (the one playing now included).</summary>
public sealed record GetHistory(int Limit = GetHistory.DefaultLimit) : IQuery<IReadOnlyList<PlayedSong>>
{
    public const int DefaultLimit = 50;
    public const int MaxLimit = 200;
}

public sealed record PlayedSong(SongView Song, DateTimeOffset StartedAt);

public sealed class GetHistoryValidator : AbstractValidator<GetHistory>
{
    public GetHistoryValidator() => RuleFor(x => x.Limit).InclusiveBetween(1, GetHistory.MaxLimit);
}

public sealed class GetHistoryHandler(IStationSchedule schedule, ISongCatalog catalog, TimeProvider clock)
    : IQueryHandler<GetHistory, IReadOnlyList<PlayedSong>>
{
    public async ValueTask<IReadOnlyList<PlayedSong>> Handle(GetHistory query, CancellationToken cancellationToken)
    {
        var entries = await schedule.HistoryAsync(clock.GetUtcNow(), query.Limit, cancellationToken);
        var views = await catalog.ViewsAsync([.. entries.Select(e => e.SongId).Distinct()], cancellationToken);
        return [.. entries.Where(e => views.ContainsKey(e.SongId)).Select(e => new PlayedSong(views[e.SongId], e.StartsAt))];
    }
}
