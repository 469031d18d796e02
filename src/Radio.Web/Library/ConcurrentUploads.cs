using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;
using Radio.Application.Library;
using Radio.Web.Common;

namespace Radio.Web.Library;

/// <summary>
/// At most <see cref="UploadOptions.MaxConcurrentPerAccount"/> uploads at once per account; one more is a 429. The
/// rate-limiting middleware takes the permit before the action reads the body and gives it back when the response is
/// done, so it is held while the body streams into drafts on disk, which is what it bounds. It also keeps the
/// uploads one artist's quota check races with to that many.
/// </summary>
internal sealed class ConcurrentUploads(IOptions<UploadOptions> options) : IRateLimiterPolicy<string>
{
    public const string Policy = "uploads";

    /// <summary>When to try again: an upload's time is unknown, so a short wait rather than a promise.</summary>
    public const int RetryAfterSeconds = 5;

    public Func<OnRejectedContext, CancellationToken, ValueTask>? OnRejected => WriteProblemAsync;

    public RateLimitPartition<string> GetPartition(HttpContext httpContext) => RateLimitPartition.GetConcurrencyLimiter(
        // the endpoint lets only signed-in accounts in, so the partition is always an account
        httpContext.User.UserId()?.ToString(CultureInfo.InvariantCulture) ?? string.Empty,
        _ => new ConcurrencyLimiterOptions { PermitLimit = options.Value.MaxConcurrentPerAccount, QueueLimit = 0 });

    private static ValueTask WriteProblemAsync(OnRejectedContext context, CancellationToken cancellationToken) =>
        TooManyRequests.WriteProblemAsync(context.HttpContext, TimeSpan.FromSeconds(RetryAfterSeconds),
            $"This account already has the most uploads running at once; try again when one has finished (in {RetryAfterSeconds} s or later).");
}
