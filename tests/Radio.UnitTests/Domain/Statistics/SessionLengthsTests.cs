using Radio.Domain.Statistics;

namespace Radio.UnitTests.Domain.Statistics;

public sealed class SessionLengthsTests
{
    [Theory]
    [InlineData(0, "<1m")]
    [InlineData(59, "<1m")]
    [InlineData(59.999, "<1m")]
    [InlineData(60, "1-5m")]
    [InlineData(299, "1-5m")]
    [InlineData(300, "5-15m")]
    [InlineData(899, "5-15m")]
    [InlineData(900, "15-30m")]
    [InlineData(1799, "15-30m")]
    [InlineData(1800, "30-60m")]
    [InlineData(3599, "30-60m")]
    [InlineData(3600, "1-2h")]
    [InlineData(7199, "1-2h")]
    [InlineData(7200, ">2h")]
    [InlineData(86400, ">2h")]
    public void A_length_falls_in_the_bucket_whose_lower_bound_it_reaches(double seconds, string bucket)
    {
        SessionLengths.Names[SessionLengths.BucketOf(TimeSpan.FromSeconds(seconds))].Should().Be(bucket);
    }

    [Fact]
    public void The_buckets_are_the_contracts_in_order()
    {
        SessionLengths.Names.Should().Equal("<1m", "1-5m", "5-15m", "15-30m", "30-60m", "1-2h", ">2h");
    }
}
