using System.Text.Json;
using FluentValidation;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using Radio.Application.Common;

namespace Radio.Web.Common;

/// <summary>
/// Turns the expected failures into problem documents. Anything else is left to the middleware,
/// which logs it and answers a bare 500 problem.
/// </summary>
internal sealed class ProblemExceptionHandler(IProblemDetailsService problems) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        ProblemDetails? problem = exception switch
        {
            ValidationException validation => new ValidationProblemDetails(validation.Errors
                .GroupBy(e => WireName(e.PropertyName))
                .ToDictionary(g => g.Key, g => g.Select(e => e.ErrorMessage).Distinct().ToArray()))
            {
                Status = StatusCodes.Status400BadRequest,
                Title = "One or more validation errors occurred.",
                Detail = string.Join(" ", validation.Errors.Select(e => e.ErrorMessage).Distinct()),
            },
            ProblemException expected => new ProblemDetails
            {
                Status = expected switch
                {
                    NotFoundException => StatusCodes.Status404NotFound,
                    ForbiddenException => StatusCodes.Status403Forbidden,
                    ConflictException => StatusCodes.Status409Conflict,
                    UnauthorizedException => StatusCodes.Status401Unauthorized,
                    PayloadTooLargeException => StatusCodes.Status413PayloadTooLarge,
                    TooManyRequestsException => StatusCodes.Status429TooManyRequests,
                    InsufficientStorageException => StatusCodes.Status507InsufficientStorage,
                    ServiceUnavailableException => StatusCodes.Status503ServiceUnavailable,
                    _ => StatusCodes.Status400BadRequest,
                },
                Title = expected.Title,
                Detail = expected.Message,
            },
            // Kestrel's own request failures: body too large (413), malformed request, read timeout
            BadHttpRequestException bad => new ProblemDetails
            {
                Status = bad.StatusCode,
                Title = bad.StatusCode == StatusCodes.Status413PayloadTooLarge ? "Payload too large" : "Bad request",
                Detail = bad.StatusCode == StatusCodes.Status413PayloadTooLarge
                    ? "The request body is larger than this endpoint accepts."
                    : "The request could not be read.",
            },
            _ => null,
        };
        if (problem is null)
        {
            return false;
        }

        httpContext.Response.StatusCode = problem.Status!.Value;
        if (exception is TooManyRequestsException tooSoon)
        {
            TooManyRequests.SetRetryAfter(httpContext.Response, tooSoon.RetryAfter);
        }
        else if (exception is ServiceUnavailableException)
        {
            httpContext.Response.Headers.RetryAfter = "5";
        }

        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = httpContext,
            ProblemDetails = problem,
            Exception = exception,
        });
    }

    /// <summary><c>ArtistIds[0]</c> → <c>artist_ids[0]</c>: errors are keyed by the names clients send.</summary>
    private static string WireName(string propertyName) => string.Join('.', propertyName
        .Split('.')
        .Select(part =>
        {
            var bracket = part.IndexOf('[', StringComparison.Ordinal);
            return bracket < 0
                ? JsonNamingPolicy.SnakeCaseLower.ConvertName(part)
                : JsonNamingPolicy.SnakeCaseLower.ConvertName(part[..bracket]) + part[bracket..];
        }));
}
