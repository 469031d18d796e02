namespace Radio.Domain.Listening;

/// <summary>The calendar periods a leaderboard ranks, in UTC; weeks start on Monday.</summary>
public enum LeaderboardPeriod
{
    All,
    Month,
    Week,
    Day,
}

public static class LeaderboardPeriods
{
    /// <summary>The UTC day a moment falls on, as period credit is stored.</summary>
    public static DateOnly DayOf(DateTimeOffset moment) => DateOnly.FromDateTime(moment.UtcDateTime);

    /// <summary>The first day of the period that holds <paramref name="now"/>; the period runs to today.</summary>
    public static DateOnly FirstDay(this LeaderboardPeriod period, DateTimeOffset now) => period.FirstDay(DayOf(now));

    /// <summary>The first day of the period that holds <paramref name="day"/>.</summary>
    public static DateOnly FirstDay(this LeaderboardPeriod period, DateOnly day) => period switch
    {
        LeaderboardPeriod.Day => day,
        LeaderboardPeriod.Week => day.AddDays(-(((int)day.DayOfWeek + 6) % 7)),
        LeaderboardPeriod.Month => new DateOnly(day.Year, day.Month, 1),
        _ => throw new ArgumentOutOfRangeException(nameof(period), period, "all has no first day"),
    };

    /// <summary>
    /// How credit that covers the <paramref name="credit"/> seconds ending at <paramref name="now"/> falls on UTC days:
    /// one day, or two when it spans midnight.
    /// </summary>
    public static IReadOnlyList<(DateOnly Day, double Seconds)> SplitByDay(double credit, DateTimeOffset now)
    {
        var today = DayOf(now);
        var midnight = new DateTimeOffset(today.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
        var sinceMidnight = (now - midnight).TotalSeconds;
        return credit <= sinceMidnight
            ? [(today, credit)]
            : [(today.AddDays(-1), credit - sinceMidnight), (today, sinceMidnight)];
    }
}
