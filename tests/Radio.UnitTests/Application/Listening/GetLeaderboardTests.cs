using Microsoft.Extensions.Time.Testing;
using NSubstitute;
using Radio.Application.Listening;
using Radio.Domain.Accounts;
using Radio.Domain.Listening;

namespace Radio.UnitTests.Application.Listening;

public sealed class GetLeaderboardTests
{
    private static readonly DateTimeOffset Noon = new(2026, 2, 1, 12, 0, 0, TimeSpan.Zero);
    private readonly IUserAccounts _accounts = Substitute.For<IUserAccounts>();
    private readonly IListenerTotals _totals = Substitute.For<IListenerTotals>();
    private readonly IPeriodTotals _periods = Substitute.For<IPeriodTotals>();

    public GetLeaderboardTests() =>
        _totals.UnstoredSecondsAsync(Arg.Any<IReadOnlyCollection<int>>(), Arg.Any<CancellationToken>()).Returns(new Dictionary<int, long>());

    [Fact]
    public async Task Totals_include_credit_not_yet_stored_and_are_ranked_on_it_ties_by_id()
    {
        // ids stay 0 without a database: the tie-break is checked in the integration tests
        var alice = User.CreateListener("alice", Noon);
        _accounts.TopListenersAsync(GetLeaderboard.Size, Arg.Any<CancellationToken>()).Returns([alice]);
        _totals.UnstoredSecondsAsync(Arg.Any<IReadOnlyCollection<int>>(), Arg.Any<CancellationToken>())
            .Returns(new Dictionary<int, long> { [alice.Id] = 25 });

        var board = await new GetLeaderboardHandler(_accounts, _totals, _periods, new FakeTimeProvider(Noon))
            .Handle(new GetLeaderboard(), CancellationToken.None);

        board.Should().ContainSingle().Which.User.TotalListenTime.Should().Be(25);
    }

    [Theory]
    [InlineData("week", 2026, 1, 26)]
    [InlineData("month", 2026, 2, 1)]
    [InlineData("day", 2026, 2, 1)]
    public async Task A_period_ranks_the_credit_stored_from_its_first_UTC_day_on(string period, int year, int month, int day)
    {
        var alice = User.CreateListener("alice", Noon);
        _periods.TopAsync(GetLeaderboard.Periods[period], new DateOnly(year, month, day), 5, Arg.Any<CancellationToken>()).Returns([(alice, 42L)]);

        var board = await new GetLeaderboardHandler(_accounts, _totals, _periods, new FakeTimeProvider(Noon))
            .Handle(new GetLeaderboard(period, 5), CancellationToken.None);

        board.Should().ContainSingle().Which.PeriodSeconds.Should().Be(42);
    }

    [Theory]
    [InlineData("year", 10)]
    [InlineData("all", 0)]
    [InlineData("week", 101)]
    public void Period_must_be_all_month_week_or_day_and_limit_1_to_100(string period, int limit)
    {
        new GetLeaderboardValidator().Validate(new GetLeaderboard(period, limit)).IsValid.Should().BeFalse();
        new GetLeaderboardValidator().Validate(new GetLeaderboard("day", 100)).IsValid.Should().BeTrue();
    }
}
