using System.Globalization;
using System.Threading.RateLimiting;
using Radio.Application.Common;

namespace Radio.Web.Common;

/// <summary>
/// New anonymous listeners per client address: tokens from <c>POST /auth/anonymous</c> and cookies minted by
/// token-less heartbeats take permits from one fixed window per address, because each is a listener the server
/// holds in memory for a day. Taken in code where a listener is created, so whatever creates one pays.
/// </summary>
internal sealed class AnonymousListenerLimit(int perMinute) : IDisposable
{
    private readonly PartitionedRateLimiter<string> _limiter = PartitionedRateLimiter.Create<string, string>(
        address => RateLimitPartition.GetFixedWindowLimiter(address, _ => RateLimits.PerMinute(perMinute)));

    /// <summary>Takes a permit for one new listener from the caller's address; throws <see cref="TooManyRequestsException"/> when they are spent.</summary>
    public void Admit(HttpContext http)
    {
        using var lease = _limiter.AttemptAcquire(ClientAddress.PartitionKey(http));
        if (!lease.IsAcquired)
        {
            var retryAfter = lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : TimeSpan.FromMinutes(1);
            var seconds = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds));
            throw new TooManyRequestsException(
                string.Create(CultureInfo.InvariantCulture, $"Too many new anonymous listeners from this address; try again in {seconds} s."),
                retryAfter);
        }
    }

    public void Dispose() => _limiter.Dispose();
}
