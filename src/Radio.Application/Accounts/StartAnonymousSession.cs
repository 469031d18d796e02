using Mediator;
using Radio.Domain.Accounts;
using Radio.Domain.Listening;

namespace Radio.Application.Accounts;

/// <summary>Issues a token for a listener without an account. Nothing is stored.</summary>
public sealed record StartAnonymousSession : ICommand<AnonymousResult>;

public sealed record AnonymousResult(string Token, DateTimeOffset ExpiresAt, string Username);

public sealed class StartAnonymousSessionHandler(ITokenIssuer tokens) : ICommandHandler<StartAnonymousSession, AnonymousResult>
{
    public ValueTask<AnonymousResult> Handle(StartAnonymousSession command, CancellationToken cancellationToken)
    {
        var key = Guid.NewGuid();
        var name = AnonymousListener.NameFor(key);
        var token = tokens.IssueAnonymous(key.ToString("N"), name);
        return ValueTask.FromResult(new AnonymousResult(token.Token, token.ExpiresAt, name));
    }
}
