using Radio.Domain.Listening;

namespace Radio.UnitTests.Domain.Listening;

public sealed class LeaderboardPeriodTests
{
    [Theory]
    [InlineData("2026-02-01T12:00:00Z", "2026-01-26")] // a Sunday: its week began on the Monday before
    [InlineData("2026-02-02T00:00:00Z", "2026-02-02")] // Monday midnight starts a week
    [InlineData("2026-02-04T23:59:59Z", "2026-02-02")]
    public void A_week_starts_on_Monday_in_UTC(string now, string monday)
    {
        LeaderboardPeriod.Week.FirstDay(DateTimeOffset.Parse(now, System.Globalization.CultureInfo.InvariantCulture))
            .Should().Be(DateOnly.Parse(monday, System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public void A_month_and_a_day_start_at_their_first_UTC_moment_whatever_the_offset_of_now()
    {
        var now = new DateTimeOffset(2026, 3, 1, 1, 30, 0, TimeSpan.FromHours(2)); // 2026-02-28 23:30 UTC

        LeaderboardPeriod.Month.FirstDay(now).Should().Be(new DateOnly(2026, 2, 1));
        LeaderboardPeriod.Day.FirstDay(now).Should().Be(new DateOnly(2026, 2, 28));
    }

    [Fact]
    public void Credit_that_spans_midnight_is_split_between_the_two_days()
    {
        var now = new DateTimeOffset(2026, 2, 2, 0, 0, 10, TimeSpan.Zero);

        LeaderboardPeriods.SplitByDay(30, now).Should().Equal((new DateOnly(2026, 2, 1), 20d), (new DateOnly(2026, 2, 2), 10d));
        LeaderboardPeriods.SplitByDay(10, now).Should().Equal((new DateOnly(2026, 2, 2), 10d));
    }
}
