namespace Radio.Infrastructure.Persistence;

/// <summary>
/// The data step of the migration from <c>listening_days</c> to <c>listening_periods</c>: every stored day becomes its
/// day row, and the days are summed into the rows of their weeks (from Monday) and months, so no leaderboard loses
/// credit. Each provider spells the calendar in its own SQL; the values are those of <see cref="Radio.Domain.Listening.LeaderboardPeriod"/>.
/// </summary>
internal static class ListeningPeriodsMigration
{
    private const int Month = (int)Domain.Listening.LeaderboardPeriod.Month;
    private const int Week = (int)Domain.Listening.LeaderboardPeriod.Week;
    private const int Day = (int)Domain.Listening.LeaderboardPeriod.Day;

    /// <summary>SQLite keeps a date as <c>yyyy-MM-dd</c> text; <c>%w</c> is 0 on Sunday.</summary>
    public static readonly string Sqlite = Copy(
        "\"", "day", "date(day, '-' || ((CAST(strftime('%w', day) AS INTEGER) + 6) % 7) || ' days')", "strftime('%Y-%m-01', day)");

    /// <summary>PostgreSQL's weeks start on Monday (ISO 8601).</summary>
    public static readonly string PostgreSql = Copy(
        "\"", "day", "CAST(date_trunc('week', day) AS date)", "CAST(date_trunc('month', day) AS date)");

    /// <summary>1900-01-01 was a Monday: the days since then, modulo 7, are the days since the week's Monday.</summary>
    public static readonly string SqlServer = Copy(
        "[", "[day]", "DATEADD(day, -(DATEDIFF(day, '19000101', [day]) % 7), [day])", "DATEFROMPARTS(YEAR([day]), MONTH([day]), 1)");

    /// <summary>The way back: the day rows are the days.</summary>
    public static string Back(string quote) =>
        $"INSERT INTO listening_days (user_id, {Q(quote, "day")}, seconds) SELECT user_id, {Q(quote, "start")}, seconds FROM listening_periods WHERE {Q(quote, "period")} = {Day};";

    private static string Copy(string quote, string day, string week, string month)
    {
        var columns = $"({Q(quote, "period")}, {Q(quote, "start")}, user_id, seconds)";
        return $"""
            INSERT INTO listening_periods {columns} SELECT {Day}, {day}, user_id, seconds FROM listening_days;
            INSERT INTO listening_periods {columns} SELECT {Week}, week_start, user_id, SUM(seconds) FROM (SELECT {week} AS week_start, user_id, seconds FROM listening_days) AS days GROUP BY week_start, user_id;
            INSERT INTO listening_periods {columns} SELECT {Month}, month_start, user_id, SUM(seconds) FROM (SELECT {month} AS month_start, user_id, seconds FROM listening_days) AS days GROUP BY month_start, user_id;
            """;
    }

    private static string Q(string quote, string name) => quote == "[" ? $"[{name}]" : $"{quote}{name}{quote}";
}
