using FluentValidation;

namespace Radio.Application.Statistics;

/// <summary>A statistics query over [<see cref="From"/>, <see cref="To"/>); either bound may be left out.</summary>
public interface IStatsRange
{
    DateTimeOffset? From { get; }

    DateTimeOffset? To { get; }
}

/// <summary>The one rule of every statistics range: its defaults and its limits.</summary>
public static class StatsRange
{
    public static readonly TimeSpan Default = TimeSpan.FromDays(7);
    public static readonly TimeSpan Max = TimeSpan.FromDays(366);

    /// <summary>
    /// Bounds the moments <c>from</c> and <c>to</c> may name, so the default range and the last interval's end stay
    /// representable (next to the smallest or largest moment the arithmetic overflowed: a 500).
    /// </summary>
    public static readonly DateTimeOffset Earliest = DateTimeOffset.UnixEpoch;
    public static readonly DateTimeOffset Latest = new(9999, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public static bool Representable(DateTimeOffset? moment) => moment is not { } m || (m >= Earliest && m < Latest);

    /// <summary>The range asked for in UTC, with the defaults filled in: to is now, from is 7 days before to.</summary>
    public static (DateTimeOffset From, DateTimeOffset To) Range(this IStatsRange query, DateTimeOffset now)
    {
        // in UTC: PostgreSQL takes no other offset for a timestamptz parameter
        var to = (query.To ?? now).ToUniversalTime();
        return ((query.From ?? to - Default).ToUniversalTime(), to);
    }
}

/// <summary>
/// from and to within 1970–9998, from not after to, at most 366 days apart; the statistics queries' validators include it.
/// </summary>
public sealed class StatsRangeValidator : AbstractValidator<IStatsRange>
{
    public StatsRangeValidator(TimeProvider clock)
    {
        RuleFor(x => x.From).Must(StatsRange.Representable).WithMessage(Span("from"));
        RuleFor(x => x.To).Must(StatsRange.Representable).WithMessage(Span("to"));
        RuleFor(x => x.From).Custom((_, context) =>
        {
            if (!StatsRange.Representable(context.InstanceToValidate.From) || !StatsRange.Representable(context.InstanceToValidate.To))
            {
                return;
            }

            var (from, to) = context.InstanceToValidate.Range(clock.GetUtcNow());
            if (from > to)
            {
                context.AddFailure("from", "from must not be after to.");
            }
            else if (to - from > StatsRange.Max)
            {
                context.AddFailure("from", "from and to must be at most 366 days apart.");
            }
        });
    }

    private static string Span(string name) => $"{name} must be from 1970-01-01 to before 9999-01-01.";
}
