using NSubstitute;
using Radio.Application.Accounts;
using Radio.Application.Common;
using Radio.Domain.Accounts;
using Radio.Domain.Listening;

namespace Radio.UnitTests.Application.Accounts;

public sealed class LoginTests
{
    private static readonly DateTimeOffset Noon = new(2026, 2, 1, 12, 0, 0, TimeSpan.Zero);
    private readonly IUserAccounts _accounts = Substitute.For<IUserAccounts>();
    private readonly IPasswordHasher _hasher = Substitute.For<IPasswordHasher>();
    private readonly ITokenIssuer _tokens = Substitute.For<ITokenIssuer>();
    private readonly IListenerTotals _totals = Substitute.For<IListenerTotals>();
    private readonly LoginHandler _handler;

    public LoginTests()
    {
        var alice = User.CreateListener("alice", Noon);
        alice.SetPasswordHash("hash");
        _accounts.FindByUsernameAsync("alice", Arg.Any<CancellationToken>()).Returns(alice);
        _hasher.Verify("hash", "right-password").Returns(true);
        _tokens.IssueFor(alice).Returns(new IssuedToken("token", Noon.AddDays(7)));
        _totals.UnstoredSecondsAsync(Arg.Any<IReadOnlyCollection<int>>(), Arg.Any<CancellationToken>()).Returns(new Dictionary<int, long>());
        _handler = new LoginHandler(_accounts, _hasher, _tokens, _totals);
    }

    [Fact]
    public async Task The_right_password_gets_a_token()
    {
        var result = await _handler.Handle(new Login("alice", "right-password"), CancellationToken.None);

        result.Token.Should().Be("token");
        result.User.Username.Should().Be("alice");
    }

    [Fact]
    public async Task The_total_listen_time_includes_credit_not_yet_stored()
    {
        _totals.UnstoredSecondsAsync(Arg.Is<IReadOnlyCollection<int>>(ids => ids.Count == 1 && ids.Contains(0)), Arg.Any<CancellationToken>())
            .Returns(new Dictionary<int, long> { [0] = 12 });

        var result = await _handler.Handle(new Login("alice", "right-password"), CancellationToken.None);

        result.User.TotalListenTime.Should().Be(12, "nothing is stored yet and 12 s are pending");
    }

    [Fact]
    public async Task A_wrong_password_and_an_unknown_name_fail_alike()
    {
        var wrong = await Record.ExceptionAsync(async () => await _handler.Handle(new Login("alice", "wrong-password"), CancellationToken.None));
        var unknown = await Record.ExceptionAsync(async () => await _handler.Handle(new Login("bob", "right-password"), CancellationToken.None));

        wrong.Should().BeOfType<UnauthorizedException>();
        unknown.Should().BeOfType<UnauthorizedException>().Which.Message.Should().Be(wrong!.Message);
    }
}
