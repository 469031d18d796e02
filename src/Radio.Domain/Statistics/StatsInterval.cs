namespace Radio.Domain.Statistics;

/// <summary>The UTC periods the statistics are kept and reported in.</summary>
public enum StatsInterval
{
    Hour = 0,
    Day = 1,
}

public static class StatsIntervals
{
    /// <summary>The start of the UTC hour or day that holds <paramref name="time"/>.</summary>
    public static DateTimeOffset Floor(this StatsInterval interval, DateTimeOffset time)
    {
        var utc = time.ToUniversalTime();
        var ticks = interval == StatsInterval.Hour ? TimeSpan.TicksPerHour : TimeSpan.TicksPerDay;
        return new DateTimeOffset(utc.UtcTicks - (utc.UtcTicks % ticks), TimeSpan.Zero);
    }

    public static DateTimeOffset Next(this StatsInterval interval, DateTimeOffset start) =>
        interval == StatsInterval.Hour ? start.AddHours(1) : start.AddDays(1);
}
