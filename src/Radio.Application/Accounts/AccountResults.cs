using Radio.Domain.Accounts;

namespace Radio.Application.Accounts;

/// <summary>An account as clients see it (never the password hash).</summary>
public sealed record UserResult(int Id, string Username, string Role, long TotalListenTime, int? ArtistId)
{
    public static UserResult From(User user, long totalListenTime) =>
        new(user.Id, user.Username, RoleNames.Of(user.Role), totalListenTime, user.ArtistId);
}

/// <summary>A bearer token for an account.</summary>
public sealed record AuthResult(string Token, DateTimeOffset ExpiresAt, UserResult User);
