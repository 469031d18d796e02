using System.Globalization;
using System.Security.Claims;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using Radio.Domain.Accounts;
using Radio.Domain.Listening;

namespace Radio.Infrastructure.Accounts;

/// <summary>Signs HS256 JWTs: <c>sub</c> is the user id (or the anonymous listener's id), with <c>name</c> and <c>role</c>.</summary>
internal sealed class JwtTokenIssuer(SigningKeys keys, IOptions<RadioOptions> options, TimeProvider clock) : ITokenIssuer
{
    private readonly JsonWebTokenHandler _handler = new();

    public IssuedToken IssueFor(User user) => Issue(
        user.Id.ToString(CultureInfo.InvariantCulture), user.Username, RoleNames.Of(user.Role),
        TimeSpan.FromHours(options.Value.Tokens.LifetimeHours));

    public IssuedToken IssueAnonymous(string listenerKey, string displayName) => Issue(
        ListenerId.ForAnonymous(listenerKey).Value, displayName, RoleNames.Anonymous,
        TimeSpan.FromHours(options.Value.Tokens.AnonymousLifetimeHours));

    private IssuedToken Issue(string subject, string name, string role, TimeSpan lifetime)
    {
        var now = clock.GetUtcNow();
        var expires = now + lifetime;
        var token = _handler.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = SigningKeys.Issuer,
            Audience = SigningKeys.Audience,
            IssuedAt = now.UtcDateTime,
            NotBefore = now.UtcDateTime,
            Expires = expires.UtcDateTime,
            Subject = new ClaimsIdentity(
            [
                new Claim(JwtRegisteredClaimNames.Sub, subject),
                new Claim(JwtRegisteredClaimNames.Name, name),
                new Claim("role", role),
            ]),
            SigningCredentials = new SigningCredentials(keys.Key, SecurityAlgorithms.HmacSha256),
        });
        // JWT times are whole seconds
        return new IssuedToken(token, DateTimeOffset.FromUnixTimeSeconds(expires.ToUnixTimeSeconds()));
    }
}
