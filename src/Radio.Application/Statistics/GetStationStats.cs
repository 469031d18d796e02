using FluentValidation;
using Mediator;
using Radio.Domain.Statistics;

namespace Radio.Application.Statistics;

/// <summary>
/// The station's listening per UTC hour or day over [<see cref="From"/>, <see cref="To"/>): every interval that starts
/// in the range, from the one holding <c>from</c>, listened in or not. Without bounds, the last 7 days up to now.
/// </summary>
public sealed record GetStationStats(DateTimeOffset? From, DateTimeOffset? To, string? Interval) : IQuery<IReadOnlyList<IntervalStats>>
{
    public static readonly TimeSpan DefaultRange = TimeSpan.FromDays(7);
    public static readonly TimeSpan MaxRange = TimeSpan.FromDays(366);

    /// <summary>
    /// Bounds the moments <c>from</c> and <c>to</c> may name, so the default range and the last interval's end stay
    /// representable (next to the smallest or largest moment the arithmetic overflowed: a 500).
    /// </summary>
    public static readonly DateTimeOffset Earliest = DateTimeOffset.UnixEpoch;
    public static readonly DateTimeOffset Latest = new(9999, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public static bool Representable(DateTimeOffset? moment) => moment is not { } m || (m >= Earliest && m < Latest);

    /// <summary>The range asked for in UTC, with the defaults filled in: to is now, from is 7 days before to.</summary>
    public (DateTimeOffset From, DateTimeOffset To) Range(DateTimeOffset now)
    {
        // in UTC: PostgreSQL takes no other offset for a timestamptz parameter
        var to = (To ?? now).ToUniversalTime();
        return ((From ?? to - DefaultRange).ToUniversalTime(), to);
    }

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
        RuleFor(x => x.From).Must(GetStationStats.Representable).WithMessage(Span("from"));
        RuleFor(x => x.To).Must(GetStationStats.Representable).WithMessage(Span("to"));
        RuleFor(x => x.From).Custom((_, context) =>
        {
            if (!GetStationStats.Representable(context.InstanceToValidate.From) || !GetStationStats.Representable(context.InstanceToValidate.To))
            {
                return;
            }

            var (from, to) = context.InstanceToValidate.Range(clock.GetUtcNow());
            if (from > to)
            {
                context.AddFailure("from", "from must not be after to.");
            }
            else if (to - from > GetStationStats.MaxRange)
            {
                context.AddFailure("from", "from and to must be at most 366 days apart.");
            }
        });
    }

    private static string Span(string name) => $"{name} must be from 1970-01-01 to before 9999-01-01.";
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
