namespace Radio.Application.Common;

/// <summary>An expected failure that becomes a problem document with a 4xx status.</summary>
public abstract class ProblemException(string title, string detail) : Exception(detail)
{
    public string Title { get; } = title;
}

/// <summary>404: the id names nothing.</summary>
public sealed class NotFoundException(string detail) : ProblemException("Not found", detail);

/// <summary>403: the caller is known but not allowed.</summary>
public sealed class ForbiddenException(string detail) : ProblemException("Forbidden", detail);

/// <summary>409: the request clashes with what is stored (a taken username, a duplicate tag).</summary>
public sealed class ConflictException(string detail) : ProblemException("Conflict", detail);

/// <summary>401: credentials are missing or wrong.</summary>
public sealed class UnauthorizedException(string detail) : ProblemException("Unauthorized", detail);

/// <summary>413: an uploaded part is larger than its configured limit.</summary>
public sealed class PayloadTooLargeException(string detail) : ProblemException("Payload too large", detail);

/// <summary>400: the request cannot be read as what the endpoint takes (a malformed multipart body, a repeated field).</summary>
public sealed class BadRequestException(string detail) : ProblemException("Bad request", detail);

/// <summary>429: the caller asked again too soon; <see cref="RetryAfter"/> says when they may.</summary>
public sealed class TooManyRequestsException(string detail, TimeSpan retryAfter) : ProblemException("Too many requests", detail)
{
    public TimeSpan RetryAfter { get; } = retryAfter;

    /// <summary>The 429 of a spent window, its detail telling the wait as its Retry-After does.</summary>
    public static TooManyRequestsException After(TimeSpan wait) => new(Detail(wait), wait);

    public static string Detail(TimeSpan wait) =>
        string.Create(System.Globalization.CultureInfo.InvariantCulture, $"Too many requests; try again in {Seconds(wait)} s.");

    /// <summary>The one way a 429 (or any answer with a wait) says when to try again: whole seconds, at least 1.</summary>
    public static int Seconds(TimeSpan wait) => Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds));
}

/// <summary>507: the server has no room to store what was sent (its disk is full, or nearly).</summary>
public sealed class InsufficientStorageException(string detail) : ProblemException("Insufficient storage", detail);

/// <summary>503: a store the request needs does not answer (Redis in several-instance mode); the client retries later.</summary>
public sealed class ServiceUnavailableException(string detail) : ProblemException("Service unavailable", detail);
