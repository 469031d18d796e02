using FluentValidation;
using Mediator;
using Radio.Application.Common;
using Radio.Domain.Accounts;
using Radio.Domain.Library;
using Radio.Domain.Listening;

namespace Radio.Application.Accounts;

/// <summary>Creates a listener account, or an artist account with its artist profile when <paramref name="ArtistName"/> is given.</summary>
/// <paramref name="Anonymous"/>, the anonymous listener who registers (their token or cookie), carries their total over.
public sealed record Register(string Username, string Password, string? ArtistName, ListenerId? Anonymous = null) : ICommand<AuthResult>;

public sealed class RegisterValidator : AbstractValidator<Register>
{
    public RegisterValidator()
    {
        RuleFor(x => x.Username).Cascade(CascadeMode.Stop).ValidUsername();
        RuleFor(x => x.Password).Cascade(CascadeMode.Stop).ValidPassword();
        RuleFor(x => x.ArtistName!).Cascade(CascadeMode.Stop)
            .Must(name => !string.IsNullOrWhiteSpace(name)).WithMessage("artist_name must not be blank.")
            .Must(name => name.Trim().Length <= Artist.MaxNameLength)
            .WithMessage($"artist_name must be at most {Artist.MaxNameLength} characters.")
            .When(x => x.ArtistName is not null);
    }
}

public sealed class RegisterHandler(
    IUserAccounts accounts, IPasswordHasher hasher, ITokenIssuer tokens, IListenerTotals totals, TimeProvider clock)
    : ICommandHandler<Register, AuthResult>
{
    public async ValueTask<AuthResult> Handle(Register command, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var user = command.ArtistName is null
            ? User.CreateListener(command.Username, now)
            : User.CreateArtist(command.Username, command.ArtistName, now);
        user.SetPasswordHash(hasher.Hash(command.Password));

        if (!await accounts.TryAddAsync(user, cancellationToken))
        {
            throw new ConflictException($"The username '{command.Username}' is already taken.");
        }

        // only once the account exists: a refused registration leaves the anonymous listener as it was
        var carried = command.Anonymous is { IsAnonymous: true } anonymous
            ? await totals.CarryOverAsync(anonymous, ListenerId.ForUser(user.Id), now, cancellationToken)
            : 0;
        var token = tokens.IssueFor(user);
        return new AuthResult(token.Token, token.ExpiresAt, UserResult.From(user, user.TotalListenTime + carried));
    }
}
