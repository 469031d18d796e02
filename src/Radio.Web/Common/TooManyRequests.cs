using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using Radio.Application.Common;

namespace Radio.Web.Common;

/// <summary>
/// The one way a 429 (or any answer with a wait) says when to try again: whole seconds, at least 1. The rate
/// limiter's rejections write their problem here without an exception, since under a flood rejections are the norm.
/// </summary>
internal static class TooManyRequests
{
    public static int Seconds(TimeSpan wait) => TooManyRequestsException.Seconds(wait);

    public static void SetRetryAfter(HttpResponse response, TimeSpan wait) =>
        response.Headers.RetryAfter = Seconds(wait).ToString(CultureInfo.InvariantCulture);

    public static async ValueTask WriteProblemAsync(HttpContext http, TimeSpan wait, string detail)
    {
        http.Response.StatusCode = StatusCodes.Status429TooManyRequests;
        SetRetryAfter(http.Response, wait);
        await http.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
        {
            HttpContext = http,
            ProblemDetails = new ProblemDetails
            {
                Status = StatusCodes.Status429TooManyRequests,
                Title = "Too many requests",
                Detail = detail,
            },
        });
    }
}
