using System.Globalization;
using System.Threading.RateLimiting;
using Radio.Application.Common;

namespace Radio.Web.Common;

/// <summary>
/// New anonymous listeners per client address: tokens from <c>POST /auth/anonymous</c> and cookies minted by
/// token-less heartbeats take permits from one fixed window per address, because each is a listener the server
/// holds for a day. Taken in code where a listener is created, so whatever creates one pays. With several instances
/// the window is counted in <see cref="IRateWindows"/>, so an address meets one budget whichever instance it reaches.
/// </summary>
internal sealed class AnonymousListenerLimit(int perMinute, IRateWindows? shared) : IDisposable
{
    private readonly PartitionedRateLimiter<string> _limiter = PartitionedRateLimiter.Create<string, string>(
        address => RateLimitPartition.GetFixedWindowLimiter(address, _ => RateLimits.PerMinute(perMinute)));

    /// <summary>Takes a permit for one new listener from the caller's address; throws <see cref="TooManyRequestsException"/> when they are spent.</summary>
    public async ValueTask AdmitAsync(HttpContext http)
    {
        var address = ClientAddress.PartitionKey(http);
        if (shared is not null)
        {
            if (await shared.TryTakeAsync("anonymous:" + address, perMinute, http.RequestAborted) is { } wait)
            {
                throw Rejected(wait);
            }

            return;
        }

        using var lease = _limiter.AttemptAcquire(address);
        if (!lease.IsAcquired)
        {
            throw Rejected(lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter) ? retryAfter : TimeSpan.FromMinutes(1));
        }
    }

    public void Dispose() => _limiter.Dispose();

    private static TooManyRequestsException Rejected(TimeSpan retryAfter)
    {
        return new TooManyRequestsException(
            string.Create(CultureInfo.InvariantCulture, $"Too many new anonymous listeners from this address; try again in {TooManyRequests.Seconds(retryAfter)} s."),
            retryAfter);
    }
}
