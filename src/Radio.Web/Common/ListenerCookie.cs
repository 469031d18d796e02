using System.Security.Claims;
using Radio.Application.Common;
using Radio.Domain.Listening;

namespace Radio.Web.Common;

/// <summary>
/// Who sends a heartbeat: the listener of the bearer token, or, without a token, the anonymous listener of the
/// <c>radio_listener</c> cookie, which the first token-less heartbeat sets to a random key.
/// </summary>
internal static class ListenerCookie
{
    public const string Name = "radio_listener";
    private static readonly TimeSpan Lifetime = TimeSpan.FromDays(365);

    /// <summary>
    /// Identifies the caller as a listener with their display name: sets the cookie for a new anonymous listener, and
    /// throws <see cref="UnauthorizedException"/> for a bearer token that was not accepted.
    /// </summary>
    public static (ListenerId Id, string Username) IdentifyListener(this HttpContext http)
    {
        if (http.User.ListenerId() is { } fromToken)
        {
            var name = http.User.FindFirstValue(ClaimsPrincipalExtensions.NameClaim);
            return (fromToken, string.IsNullOrEmpty(name) ? AnonymousName(fromToken) : name);
        }

        // a token was sent but not accepted: answering as a new anonymous listener would hide the client's bug
        if (http.Request.Headers.Authorization.Count > 0)
        {
            throw new UnauthorizedException("The bearer token is invalid or expired.");
        }

        if (KeyOf(http) is not { } key)
        {
            key = Guid.NewGuid();
            http.Response.Cookies.Append(Name, key.ToString("N"), new CookieOptions
            {
                HttpOnly = true,
                Secure = http.Request.IsHttps,
                SameSite = SameSiteMode.Lax,
                Path = "/",
                MaxAge = Lifetime,
                IsEssential = true,
            });
        }

        return (ListenerId.ForAnonymous(key), AnonymousListener.NameFor(key));
    }

    /// <summary>The rate-limit partition of a heartbeat: its listener, else the client address.</summary>
    public static string RateLimitKey(HttpContext http) =>
        http.User.ListenerId()?.Value
        ?? (KeyOf(http) is { } key ? ListenerId.ForAnonymous(key).Value : "ip:" + ClientAddress.PartitionKey(http));

    private static Guid? KeyOf(HttpContext http) =>
        http.Request.Cookies.TryGetValue(Name, out var value) && value is { Length: 32 }
        && Guid.TryParseExact(value, "N", out var key)
            ? key
            : null;

    private static string AnonymousName(ListenerId listener) =>
        listener.TryGetAnonymousKey(out var key) ? AnonymousListener.NameFor(key) : "Listener";
}
