using Microsoft.Extensions.Time.Testing;
using NSubstitute;
using Radio.Application.Accounts;
using Radio.Application.Common;
using Radio.Domain.Accounts;
using Radio.Domain.Listening;

namespace Radio.UnitTests.Application.Accounts;

public sealed class RegisterTests
{
    private static readonly DateTimeOffset Noon = new(2026, 2, 1, 12, 0, 0, TimeSpan.Zero);
    private readonly IUserAccounts _accounts = Substitute.For<IUserAccounts>();
    private readonly IPasswordHasher _hasher = Substitute.For<IPasswordHasher>();
    private readonly ITokenIssuer _tokens = Substitute.For<ITokenIssuer>();
    private readonly IListenerTotals _totals = Substitute.For<IListenerTotals>();
    private readonly RegisterHandler _handler;

    public RegisterTests()
    {
        _hasher.Hash("password123").Returns("hashed");
        _tokens.IssueFor(Arg.Any<User>()).Returns(new IssuedToken("token", Noon.AddDays(7)));
        _handler = new RegisterHandler(_accounts, _hasher, _tokens, _totals, new FakeTimeProvider(Noon));
    }

    [Fact]
    public async Task A_listener_is_stored_with_the_hash_never_the_password()
    {
        _accounts.TryAddAsync(Arg.Any<User>(), Arg.Any<CancellationToken>()).Returns(true);

        var result = await _handler.Handle(new Register("alice", "password123", null), CancellationToken.None);

        await _accounts.Received(1).TryAddAsync(
            Arg.Is<User>(u => u.PasswordHash == "hashed" && u.Role == Role.User && u.CreatedAt == Noon && u.Artist == null),
            Arg.Any<CancellationToken>());
        result.User.Role.Should().Be("user");
        result.Token.Should().Be("token");
    }

    [Fact]
    public async Task An_artist_name_creates_an_artist_account_with_its_profile()
    {
        _accounts.TryAddAsync(Arg.Any<User>(), Arg.Any<CancellationToken>()).Returns(true);

        var result = await _handler.Handle(new Register("band", "password123", "  The Band "), CancellationToken.None);

        await _accounts.Received(1).TryAddAsync(
            Arg.Is<User>(u => u.Role == Role.Artist && u.Artist!.Name == "The Band"), Arg.Any<CancellationToken>());
        result.User.Role.Should().Be("artist");
    }

    [Fact]
    public async Task A_taken_username_is_a_conflict()
    {
        _accounts.TryAddAsync(Arg.Any<User>(), Arg.Any<CancellationToken>()).Returns(false);

        var act = async () => await _handler.Handle(new Register("alice", "password123", null), CancellationToken.None);

        await act.Should().ThrowAsync<ConflictException>();
        _tokens.DidNotReceiveWithAnyArgs().IssueFor(default!);
    }

    [Theory]
    [InlineData("ab", "password123", null, "Username")]
    [InlineData("has space", "password123", null, "Username")]
    [InlineData("name", "1234567", null, "Password")]
    [InlineData("name", "password123", "   ", "ArtistName")]
    public void The_validator_rejects_bad_input(string username, string password, string? artistName, string property)
    {
        var result = new RegisterValidator().Validate(new Register(username, password, artistName));

        result.Errors.Should().ContainSingle().Which.PropertyName.Should().Be(property);
    }

    [Theory]
    [InlineData("abc")]
    [InlineData("Super.Fan-2_x")]
    public void The_validator_accepts_good_names(string username)
    {
        new RegisterValidator().Validate(new Register(username, "password123", null)).IsValid.Should().BeTrue();
    }

    [Fact]
    public async Task An_anonymous_listener_who_registers_carries_their_total_over_to_the_new_account()
    {
        var anonymous = ListenerId.ForAnonymous(Guid.NewGuid());
        _accounts.TryAddAsync(Arg.Any<User>(), Arg.Any<CancellationToken>()).Returns(true);
        _totals.CarryOverAsync(anonymous, Arg.Any<ListenerId>(), Noon, Arg.Any<CancellationToken>()).Returns(42L);

        var result = await _handler.Handle(new Register("alice", "password123", null, anonymous), CancellationToken.None);

        result.User.TotalListenTime.Should().Be(42);
    }

    [Fact]
    public async Task A_refused_registration_carries_nothing_over()
    {
        _accounts.TryAddAsync(Arg.Any<User>(), Arg.Any<CancellationToken>()).Returns(false);

        var register = () => _handler.Handle(new Register("alice", "password123", null, ListenerId.ForAnonymous(Guid.NewGuid())), CancellationToken.None).AsTask();

        await register.Should().ThrowAsync<ConflictException>();
        await _totals.DidNotReceiveWithAnyArgs().CarryOverAsync(default, default, default, default);
    }
}
