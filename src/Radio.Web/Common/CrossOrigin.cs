using Microsoft.Net.Http.Headers;

namespace Radio.Web.Common;

/// <summary>
/// Browsers on other origins (<c>Radio:Cors:Origins</c>, comma-separated): the listed origins may call the API with
/// credentials and the <c>Authorization</c> and <c>Content-Type</c> headers; <c>*</c> allows any origin, without
/// credentials; empty (the default) allows none, and the framework's CORS middleware is not used at all.
/// </summary>
internal static class CrossOrigin
{
    public const string Section = "Radio:Cors:Origins";
    public const string AnyOrigin = "*";

    /// <summary>How long a browser may reuse a preflight's answer: a player's heartbeat then costs one request, not two.</summary>
    private static readonly TimeSpan PreflightMaxAge = TimeSpan.FromMinutes(10);

    public static IServiceCollection AddRadioCors(this IServiceCollection services, IConfiguration configuration)
    {
        var origins = Origins(configuration);
        services.AddSingleton<CrossOriginHeaders>(); // for the endpoints the middleware does not see
        return origins.Count == 0 ? services : services.AddCors(o => o.AddDefaultPolicy(policy =>
        {
            if (origins.Contains(AnyOrigin))
            {
                policy.AllowAnyOrigin(); // the CORS rules forbid credentials with any origin
            }
            else
            {
                policy.WithOrigins([.. origins]).AllowCredentials();
            }

            policy.AllowAnyMethod()
                .WithHeaders(HeaderNames.Authorization, HeaderNames.ContentType)
                .WithExposedHeaders(HeaderNames.RetryAfter, HeaderNames.Location) // what a client reads past the safelist
                .SetPreflightMaxAge(PreflightMaxAge);
        }));
    }

    /// <summary>Whether any origin is allowed, so the CORS middleware is needed.</summary>
    public static bool IsEnabled(IConfiguration configuration) => Origins(configuration).Count > 0;

    /// <summary>The configured origins: <c>*</c>, or each a scheme, host and optional port with nothing after it.</summary>
    public static IReadOnlyList<string> Origins(IConfiguration configuration)
    {
        var origins = (configuration[Section] ?? string.Empty)
            .Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        foreach (var origin in origins)
        {
            // the browser sends the origin without a path: one written with a slash or path would never match
            if (origin != AnyOrigin && !(Uri.TryCreate(origin, UriKind.Absolute, out var uri)
                                         && uri.Scheme is "http" or "https"
                                         && uri.GetLeftPart(UriPartial.Authority).Equals(origin, StringComparison.OrdinalIgnoreCase)))
            {
                throw new InvalidOperationException(
                    $"{Section}: '{origin}' is not an origin such as https://app.example.com (scheme, host and port only), nor *.");
            }
        }

        return origins;
    }
}
