using System.Globalization;
using System.Security.Claims;
using Radio.Domain.Accounts;
using Radio.Domain.Listening;

namespace Radio.Web.Common;

internal static class ClaimsPrincipalExtensions
{
    public const string SubjectClaim = "sub";
    public const string NameClaim = "name";

    /// <summary>The signed-in account's id, or null for anonymous listeners and callers without a token.</summary>
    public static int? UserId(this ClaimsPrincipal user) =>
        !user.IsInRole(RoleNames.Anonymous)
        && int.TryParse(user.FindFirstValue(SubjectClaim), NumberStyles.None, CultureInfo.InvariantCulture, out var id)
            ? id
            : null;

    /// <summary>The account id of a caller that an <c>[Authorize]</c> attribute has already let in.</summary>
    public static int RequiredUserId(this ClaimsPrincipal user) =>
        user.UserId() ?? throw new InvalidOperationException("The endpoint must require a signed-in account.");

    /// <summary>The listener a bearer token names (an account or an anonymous token), or null without a token.</summary>
    public static ListenerId? ListenerId(this ClaimsPrincipal user)
    {
        var subject = user.FindFirstValue(SubjectClaim);
        if (user.IsInRole(RoleNames.Anonymous))
        {
            return Domain.Listening.ListenerId.TryParse(subject, out var anonymous) && anonymous.IsAnonymous ? anonymous : null;
        }

        return user.UserId() is { } id ? Domain.Listening.ListenerId.ForUser(id) : null;
    }
}
