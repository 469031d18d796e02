using System.Security.Claims;
using Radio.Application.Common;
using Radio.Domain.Listening;

namespace Radio.Web.Common;

/// <summary>
/// Who sends a heartbeat: the listener of the bearer token, or, without a token, the anonymous listener of the
/// <c>radio_listener</c> cookie. The cookie carries a random key signed by the server (<see cref="IAnonymousKeySigner"/>);
/// a value the server did not issue counts as no cookie, so the first token-less heartbeat without a valid one sets a
/// new listener's cookie, within the address's budget of new anonymous listeners.
/// </summary>
internal static class ListenerCookie
{
    public const string Name = "radio_listener";
    private static readonly TimeSpan Lifetime = TimeSpan.FromDays(365);

    /// <summary>
    /// Identifies the caller as a listener with their display name: sets the cookie for a new anonymous listener, and
    /// throws <see cref="UnauthorizedException"/> for a bearer token that was not accepted and
    /// <see cref="TooManyRequestsException"/> when the address may create no more anonymous listeners for now.
    /// </summary>
    public static async ValueTask<(ListenerId Id, string Username)> IdentifyListenerAsync(this HttpContext http)
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
            await http.AdmitAnonymousListenerAsync();
            key = Guid.NewGuid();
            var value = http.RequestServices.GetRequiredService<IAnonymousKeySigner>().Sign(key);
            // only an accepted heartbeat names a listener: a rejected one (a 400) leaves the client nothing to keep
            http.Response.OnStarting(() =>
            {
                if (http.Response.StatusCode is >= 200 and < 300)
                {
                    SetCookie(http, value);
                }

                return Task.CompletedTask;
            });
        }

        return (ListenerId.ForAnonymous(key), AnonymousListener.NameFor(key));
    }

    /// <summary>
    /// Takes a permit from the caller's address for one new anonymous listener; throws
    /// <see cref="TooManyRequestsException"/> when its budget for the minute is spent.
    /// </summary>
    public static ValueTask AdmitAnonymousListenerAsync(this HttpContext http) =>
        http.RequestServices.GetRequiredService<AnonymousListenerLimit>().AdmitAsync(http);

    /// <summary>The anonymous listener of the caller's token, else of their cookie; null for anyone else.</summary>
    public static ListenerId? RegisteringAnonymousListener(this HttpContext http) =>
        http.User.ListenerId() is { IsAnonymous: true } fromToken ? fromToken
        : KeyOf(http) is { } key ? ListenerId.ForAnonymous(key)
        : null;

    /// <summary>What a <see cref="RateLimitKey"/> of a caller known only by address starts with.</summary>
    public const string AddressKeyPrefix = "ip:";

    /// <summary>The rate-limit partition of a heartbeat: its listener, else the client address.</summary>
    public static string RateLimitKey(HttpContext http) =>
        http.User.ListenerId()?.Value
        ?? (KeyOf(http) is { } key ? ListenerId.ForAnonymous(key).Value : AddressKeyPrefix + ClientAddress.PartitionKey(http));

    private static void SetCookie(HttpContext http, string value) =>
        http.Response.Cookies.Append(Name, value, new CookieOptions
        {
            HttpOnly = true,
            Secure = http.Request.IsHttps,
            SameSite = SameSiteMode.Lax,
            Path = "/",
            MaxAge = Lifetime,
            IsEssential = true,
        });

    private static Guid? KeyOf(HttpContext http) =>
        http.Request.Cookies.TryGetValue(Name, out var value)
        && http.RequestServices.GetRequiredService<IAnonymousKeySigner>().TryVerify(value, out var key)
            ? key
            : null;

    private static string AnonymousName(ListenerId listener) =>
        listener.TryGetAnonymousKey(out var key) ? AnonymousListener.NameFor(key) : "Listener";
}
