using FluentValidation;
using Mediator;
using Radio.Application.Common;
using Radio.Domain.Accounts;
using Radio.Domain.Listening;

namespace Radio.Application.Accounts;

/// <summary>Exchanges a username and password for a bearer token.</summary>
public sealed record Login(string Username, string Password) : ICommand<AuthResult>;

public sealed class LoginValidator : AbstractValidator<Login>
{
    public LoginValidator()
    {
        // only presence: the format rules would tell a caller which names cannot exist
        RuleFor(x => x.Username).NotEmpty().WithMessage("username is required.");
        // the length bound is checked before any hashing, so a huge password cannot buy seconds of CPU
        RuleFor(x => x.Password).NotEmpty().WithMessage("password is required.")
            .MaximumLength(User.MaxPasswordLength).WithMessage($"password is at most {User.MaxPasswordLength} characters.");
    }
}

public sealed class LoginHandler(IUserAccounts accounts, IPasswordHasher hasher, ITokenIssuer tokens, IListenerTotals totals)
    : ICommandHandler<Login, AuthResult>
{
    // One answer for an unknown name and a wrong password, so the response does not reveal which names exist.
    private const string WrongCredentials = "The username or password is wrong.";

    public async ValueTask<AuthResult> Handle(Login command, CancellationToken cancellationToken)
    {
        var user = await accounts.FindByUsernameAsync(command.Username, cancellationToken);
        if (user is null)
        {
            _ = hasher.Hash(command.Password); // spend the same time as a real check, so timing does not tell either
            throw new UnauthorizedException(WrongCredentials);
        }

        if (!hasher.Verify(user.PasswordHash, command.Password))
        {
            throw new UnauthorizedException(WrongCredentials);
        }

        var token = tokens.IssueFor(user);
        return new AuthResult(token.Token, token.ExpiresAt, UserResult.From(user, await totals.ShownTotalAsync(user, cancellationToken)));
    }
}
