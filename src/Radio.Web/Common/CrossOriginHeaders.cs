using Microsoft.AspNetCore.Cors.Infrastructure;
using Microsoft.Net.Http.Headers;

namespace Radio.Web.Common;

/// <summary>
/// The CORS headers of a plain request, for the short-circuited endpoints the CORS middleware never sees and for their
/// socket paths, which have no <see cref="HttpContext"/> at all: the configured policy (<see cref="CrossOrigin"/>)
/// evaluated by the framework's own <see cref="ICorsPolicyProvider"/> and <see cref="ICorsService"/>, so every path
/// answers an origin as the middleware answers it for any other GET. Without configured origins neither service is
/// registered, and there are none.
/// </summary>
internal sealed class CrossOriginHeaders(ICorsPolicyProvider? policies = null, ICorsService? cors = null)
{
    /// <summary>Adds to the response what the CORS middleware adds for this request; nothing without an Origin.</summary>
    public async ValueTask ApplyAsync(HttpContext http)
    {
        if (policies is null || cors is null || !http.Request.Headers.ContainsKey(HeaderNames.Origin))
        {
            return;
        }

        if (await policies.GetPolicyAsync(http, policyName: null) is { } policy)
        {
            cors.ApplyResult(cors.EvaluatePolicy(http, policy), http.Response);
        }
    }

    /// <summary>The headers <see cref="ApplyAsync"/> adds for a <c>GET</c> from <paramref name="origin"/>.</summary>
    public async ValueTask<IReadOnlyList<KeyValuePair<string, string>>> ForGetAsync(string? origin)
    {
        if (origin is null || policies is null)
        {
            return [];
        }

        var http = new DefaultHttpContext();
        http.Request.Method = HttpMethods.Get;
        http.Request.Headers.Origin = origin;
        await ApplyAsync(http);
        return [.. http.Response.Headers.Select(h => new KeyValuePair<string, string>(h.Key, h.Value.ToString()))];
    }
}
