using Microsoft.Extensions.Time.Testing;
using NSubstitute;
using Radio.Application.Statistics;
using Radio.Domain.Listening;
using Radio.Domain.Statistics;

namespace Radio.UnitTests.Application.Statistics;

public sealed class GetStationStatsTests
{
    private static readonly DateTimeOffset Noon = new(2026, 2, 8, 12, 0, 0, TimeSpan.Zero);
    private readonly FakeTimeProvider _clock = new(Noon);
    private readonly IStationStatistics _statistics = Substitute.For<IStationStatistics>();

    [Fact]
    public async Task Every_interval_of_the_range_is_answered_stored_or_not()
    {
        var stored = new IntervalTally(StatsInterval.Hour, Noon.AddHours(-2));
        stored.Add(new EndedSession(ListenerId.ForUser(1), Noon.AddHours(-2), Noon.AddHours(-2).AddSeconds(90), 89.6));
        stored.AddListeners(1);
        _statistics.ReadAsync(StatsInterval.Hour, Noon.AddHours(-3), Noon, Arg.Any<CancellationToken>()).Returns([stored]);
        var handler = new GetStationStatsHandler(_statistics, _clock);

        var result = await handler.Handle(new GetStationStats(Noon.AddMinutes(-150), null, "hour"), CancellationToken.None);

        result.Select(r => (r.Start, r.Sessions)).Should().Equal((Noon.AddHours(-3), 0L), (Noon.AddHours(-2), 1L), (Noon.AddHours(-1), 0L));
        result[1].Should().BeEquivalentTo(new { ListeningSeconds = 89L, UniqueListeners = 1L, AverageSessionSeconds = 90.0 });
        result[1].SessionLengths.Should().Equal(0, 1, 0, 0, 0, 0, 0);
    }

    [Fact]
    public void The_default_range_is_the_7_days_up_to_now_by_day()
    {
        var query = new GetStationStats(null, null, null);

        query.Range(Noon).Should().Be((Noon.AddDays(-7), Noon));
        query.ParsedInterval.Should().Be(StatsInterval.Day);
    }

    [Fact]
    public void A_range_given_with_an_offset_is_read_in_UTC()
    {
        var plusTwo = TimeSpan.FromHours(2);
        var query = new GetStationStats(Noon.ToOffset(plusTwo).AddDays(-1), Noon.ToOffset(plusTwo), "hour");

        var (from, to) = query.Range(Noon);

        (from.Offset, to.Offset).Should().Be((TimeSpan.Zero, TimeSpan.Zero));
        (from, to).Should().Be((Noon.AddDays(-1), Noon));
    }

    [Theory]
    [InlineData(366, 0, true)]
    [InlineData(366, 1, false)]
    [InlineData(0, 0, true)]
    public void The_range_may_span_366_days(int days, int extraSeconds, bool valid)
    {
        var query = new GetStationStats(Noon.AddDays(-days).AddSeconds(-extraSeconds), Noon, "day");

        new GetStationStatsValidator(_clock).Validate(query).IsValid.Should().Be(valid);
    }

    [Fact]
    public void From_after_to_is_invalid()
    {
        var result = new GetStationStatsValidator(_clock).Validate(new GetStationStats(Noon, Noon.AddTicks(-1), null));

        result.Errors.Should().ContainSingle().Which.PropertyName.Should().Be("from");
    }

    [Fact]
    public void From_in_the_future_without_to_is_after_now_and_invalid()
    {
        new GetStationStatsValidator(_clock).Validate(new GetStationStats(Noon.AddHours(1), null, null)).IsValid.Should().BeFalse();
    }

    [Theory]
    [InlineData(null, "0001-01-01T00:00:00Z", "To")]
    [InlineData("0001-01-01T00:00:00Z", null, "From")]
    [InlineData("9999-12-30T00:00:00Z", null, "From")]
    [InlineData(null, "1969-12-31T23:59:59Z", "To")]
    public void A_moment_the_range_arithmetic_cannot_reach_is_invalid_not_an_overflow(string? from, string? to, string field)
    {
        var query = new GetStationStats(Parse(from), Parse(to), "hour");

        var result = new GetStationStatsValidator(_clock).Validate(query);

        result.Errors.Should().ContainSingle().Which.PropertyName.Should().Be(field);
    }

    [Fact]
    public void The_first_moment_of_1970_and_the_last_before_9999_are_accepted()
    {
        var validator = new GetStationStatsValidator(_clock);

        validator.Validate(new GetStationStats(DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch.AddDays(1), "hour")).IsValid.Should().BeTrue();
        validator.Validate(new GetStationStats(StatsRange.Latest.AddDays(-1), StatsRange.Latest.AddTicks(-1), "day"))
            .IsValid.Should().BeTrue();
    }

    [Theory]
    [InlineData("hour", true)]
    [InlineData("day", true)]
    [InlineData("Day", true)]
    [InlineData("week", false)]
    [InlineData("", false)]
    public void The_interval_is_hour_or_day(string interval, bool valid)
    {
        var result = new GetStationStatsValidator(_clock).Validate(new GetStationStats(null, null, interval));

        result.IsValid.Should().Be(valid);
        if (!valid)
        {
            result.Errors.Should().ContainSingle().Which.PropertyName.Should().Be("Interval");
        }
    }

    private static DateTimeOffset? Parse(string? moment) =>
        moment is null ? null : DateTimeOffset.Parse(moment, System.Globalization.CultureInfo.InvariantCulture);
}
