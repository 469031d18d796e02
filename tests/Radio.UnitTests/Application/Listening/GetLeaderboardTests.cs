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

    [Fact]
    public async Task Totals_include_credit_not_yet_stored_and_are_ranked_on_it_ties_by_id()
    {
        // ids stay 0 without a database: the tie-break is checked in the integration tests
        var alice = User.CreateListener("alice", Noon);
        _accounts.TopListenersAsync(GetLeaderboard.Size, Arg.Any<CancellationToken>()).Returns([alice]);
        _totals.UnstoredSeconds(ListenerId.ForUser(alice.Id)).Returns(25L);

        var board = await new GetLeaderboardHandler(_accounts, _totals).Handle(new GetLeaderboard(), CancellationToken.None);

        board.Should().ContainSingle().Which.TotalListenTime.Should().Be(25);
    }
}
