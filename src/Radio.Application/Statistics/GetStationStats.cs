using FluentValidation;
using Mediator;
using Radio.Domain.Statistics;

namespace Radio.Application.Statistics;

/// <summary>
/// The station's listening per UTC hour or day over [<see cref="From"/>, <see cref="To"/>): every interval that starts
/// in the range, from the one holding <c>from</c>, listened in or not. Without bounds, the last 7 days up to now.
/// </summary>
public sealed record GetStationStats(DateTimeOffset? From, DateTimeOffset? To, string? Interval)
    : IQuery<IReadOnlyList<IntervalStats>>, IStatsRange
{
    /// <summary>The interval asked for (a day by default); null for a name that is not one.</summary>
    public StatsInterval? ParsedInterval => Interval switch
    {
        null => StatsInterval.Day,
        _ when string.Equals(Interval, "day", StringComparison.OrdinalIgnoreCase) => StatsInterval.Day,
        _ when string.Equals(Interval, "hour", StringComparison.OrdinalIgnoreCase) => StatsInterval.Hour,
        _ => null,
    };
}

/// <summary>One interval's statistics; <see cref="SessionLengths"/> follows <see cref="Domain.Statistics.SessionLengths.Names"/>.</summary>
public sealed record IntervalStats(
    DateTimeOffset Start, long ListeningSeconds, long UniqueListeners, long Sessions, double AverageSessionSeconds,
    IReadOnlyList<long> SessionLengths)
{
    public static IntervalStats From(IntervalTally tally) => new(
        tally.Start, (long)Math.Floor(tally.ListeningSeconds), tally.UniqueListeners, tally.Sessions,
        Math.Round(tally.AverageSessionSeconds, 1), tally.Lengths);
}

public sealed class GetStationStatsValidator : AbstractValidator<GetStationStats>
{
    public GetStationStatsValidator(TimeProvider clock)
    {
        RuleFor(x => x.Interval).Must((query, _) => query.ParsedInterval is not null)
            .WithMessage("interval must be hour or day.");
        Include(new StatsRangeValidator(clock));
    }
}

public sealed class GetStationStatsHandler(IStationStatistics statistics, TimeProvider clock)
    : IQueryHandler<GetStationStats, IReadOnlyList<IntervalStats>>
{
    public async ValueTask<IReadOnlyList<IntervalStats>> Handle(GetStationStats query, CancellationToken cancellationToken)
    {
        var interval = query.ParsedInterval!.Value;
        var (from, to) = query.Range(clock.GetUtcNow());
        var first = interval.Floor(from);
        var stored = (await statistics.ReadAsync(interval, first, to, cancellationToken)).ToDictionary(t => t.Start);
        var answer = new List<IntervalStats>();
        for (var start = first; start < to; start = interval.Next(start))
        {
            answer.Add(IntervalStats.From(stored.GetValueOrDefault(start) ?? new IntervalTally(interval, start)));
        }

        return answer;
    }
}
