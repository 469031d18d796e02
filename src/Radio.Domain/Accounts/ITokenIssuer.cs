namespace Radio.Domain.Accounts;

/// <summary>A signed bearer token and when it stops being accepted.</summary>
public sealed record IssuedToken(string Token, DateTimeOffset ExpiresAt);

/// <summary>Issues bearer tokens for accounts and for anonymous listeners.</summary>
public interface ITokenIssuer
{
    IssuedToken IssueFor(User user);

    IssuedToken IssueAnonymous(string listenerKey, string displayName);
}
