using Radio.Domain.Listening;

namespace Radio.Infrastructure.Persistence;

/// <summary>
/// One account's credit stored for one UTC calendar period (a day, a week from Monday, a month): what a period's
/// leaderboard ranks. The flush adds each day's credit to the day, its week and its month, so a leaderboard reads the
/// top rows of one period from an index instead of summing every account's days.
/// </summary>
internal sealed class ListeningPeriodTotal
{
    public LeaderboardPeriod Period { get; set; }

    /// <summary>The period's first day.</summary>
    public DateOnly Start { get; set; }

    public int UserId { get; set; }
    public long Seconds { get; set; }

    private static readonly LeaderboardPeriod[] Stored = [LeaderboardPeriod.Day, LeaderboardPeriod.Week, LeaderboardPeriod.Month];

    /// <summary>The periods credit earned on <paramref name="day"/> counts for, by their first days.</summary>
    public static IEnumerable<(LeaderboardPeriod Period, DateOnly Start)> Holding(DateOnly day) =>
        Stored.Select(period => (period, period.FirstDay(day)));
}
