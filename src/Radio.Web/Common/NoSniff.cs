using Microsoft.Net.Http.Headers;

namespace Radio.Web.Common;

/// <summary><c>X-Content-Type-Options: nosniff</c> on every response, so no browser runs an upload as something it is not.</summary>
internal static class NoSniff
{
    public const string Value = "nosniff";

    /// <summary>
    /// Set as the response starts, not as the request arrives: the exception handler clears the headers before it
    /// writes its problem document.
    /// </summary>
    public static IApplicationBuilder UseNoSniff(this IApplicationBuilder app) => app.Use(static (http, next) =>
    {
        http.Response.OnStarting(SetAsync, http.Response);
        return next(http);
    });

    private static Task SetAsync(object response)
    {
        ((HttpResponse)response).Headers[HeaderNames.XContentTypeOptions] = Value;
        return Task.CompletedTask;
    }
}
