using Radio.Domain.Listening;
using Radio.Domain.Statistics;

namespace Radio.UnitTests.Domain.Statistics;

public sealed class IntervalTallyTests
{
    private static readonly DateTimeOffset Noon = new(2026, 2, 1, 12, 0, 0, TimeSpan.Zero);
    private static readonly ListenerId Ann = ListenerId.ForUser(1);
    private static readonly ListenerId Guest = ListenerId.ForAnonymous(Guid.Parse("0123456789abcdef0123456789abcdef"));

    private static EndedSession Session(ListenerId listener, DateTimeOffset start, int seconds, double credit) =>
        new(listener, start, start.AddSeconds(seconds), credit);

    [Fact]
    public void A_session_is_counted_in_the_hour_and_the_day_it_started()
    {
        var tallies = IntervalTally.Of([Session(Ann, Noon.AddMinutes(59), 600, 600)]);

        tallies.Select(t => (t.Tally.Interval, t.Tally.Start)).Should().BeEquivalentTo(
            [(StatsInterval.Hour, Noon), (StatsInterval.Day, Noon.AddHours(-12))]);
        tallies.Should().OnlyContain(t => t.Tally.ListeningSeconds == 600 && t.Tally.Sessions == 1,
            "a session running on into the next hour counts whole in the hour it started");
    }

    [Fact]
    public void Credit_length_buckets_and_average_add_up_per_interval()
    {
        var hour = IntervalTally.Of(
            [Session(Ann, Noon, 30, 30), Session(Guest, Noon.AddMinutes(5), 90, 80), Session(Ann, Noon.AddMinutes(10), 7200, 7000)])
            .Single(t => t.Tally.Interval == StatsInterval.Hour).Tally;

        hour.Sessions.Should().Be(3);
        hour.ListeningSeconds.Should().Be(7110);
        hour.AverageSessionSeconds.Should().Be((30 + 90 + 7200) / 3.0, "the average is of lengths, end − start");
        hour.Lengths.Should().Equal(1, 1, 0, 0, 0, 0, 1);
    }

    [Fact]
    public void Each_interval_holds_its_distinct_listeners_anonymous_or_not()
    {
        var tallies = IntervalTally.Of(
            [Session(Ann, Noon, 30, 30), Session(Ann, Noon.AddMinutes(30), 30, 30), Session(Guest, Noon.AddHours(1), 30, 30)]);

        tallies.Single(t => t.Tally.Interval == StatsInterval.Hour && t.Tally.Start == Noon).Listeners.Should().Equal("user:1");
        tallies.Single(t => t.Tally.Interval == StatsInterval.Day).Listeners.Should().BeEquivalentTo(["user:1", Guest.Value]);
    }

    [Fact]
    public void An_interval_without_sessions_averages_zero()
    {
        new IntervalTally(StatsInterval.Hour, Noon).AverageSessionSeconds.Should().Be(0);
    }

    [Fact]
    public void A_session_of_one_heartbeat_has_length_zero()
    {
        Session(Ann, Noon, 0, 0).Length.Should().Be(TimeSpan.Zero);
    }

    [Fact]
    public void A_tally_refuses_a_session_that_started_in_another_interval()
    {
        var tally = new IntervalTally(StatsInterval.Hour, Noon);

        var add = () => tally.Add(Session(Ann, Noon.AddHours(1), 30, 30));

        add.Should().Throw<ArgumentException>();
    }

    [Theory]
    [InlineData("2026-02-01T12:59:59Z", StatsInterval.Hour, "2026-02-01T12:00:00Z")]
    [InlineData("2026-02-01T13:00:00Z", StatsInterval.Hour, "2026-02-01T13:00:00Z")]
    [InlineData("2026-02-01T23:59:59Z", StatsInterval.Day, "2026-02-01T00:00:00Z")]
    [InlineData("2026-02-02T00:00:00Z", StatsInterval.Day, "2026-02-02T00:00:00Z")]
    [InlineData("2026-02-02T01:30:00+02:00", StatsInterval.Day, "2026-02-01T00:00:00Z")]
    public void Intervals_start_on_the_UTC_hour_or_day(string time, StatsInterval interval, string start)
    {
        var floor = interval.Floor(DateTimeOffset.Parse(time, System.Globalization.CultureInfo.InvariantCulture));

        floor.Should().Be(DateTimeOffset.Parse(start, System.Globalization.CultureInfo.InvariantCulture));
        floor.Offset.Should().Be(TimeSpan.Zero);
    }
}
