using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;
using Radio.Application.Common;

namespace Radio.Web.Common;

/// <summary>The <c>Radio:RateLimiting</c> section.</summary>
internal sealed class RateLimitingOptions
{
    public int AuthPerMinute { get; set; } = 20;

    public int HeartbeatsPerMinute { get; set; } = 30;

    /// <summary>New anonymous listeners (tokens and heartbeat cookies together) per client address per minute.</summary>
    public int AnonymousPerMinute { get; set; } = 20;
}

internal static class RateLimits
{
    /// <summary>Login and register: per client address.</summary>
    public const string Auth = "auth";

    /// <summary>Heartbeats: per listener (token or cookie), else per client address.</summary>
    public const string Heartbeat = "heartbeat";

    public static IServiceCollection AddRadioRateLimits(this IServiceCollection services, IConfiguration configuration)
    {
        var limits = configuration.GetSection("Radio:RateLimiting").Get<RateLimitingOptions>() ?? new RateLimitingOptions();
        // several instances count heartbeats and new anonymous listeners in Redis (IRateWindows), in code
        var shared = !string.IsNullOrWhiteSpace(configuration.GetConnectionString("Redis"));
        services.AddSingleton(limits);
        services.AddSingleton(sp => new AnonymousListenerLimit(limits.AnonymousPerMinute, sp.GetService<IRateWindows>()));
        return services.AddRateLimiter(options =>
        {
            options.AddPolicy(Auth, http => RateLimitPartition.GetFixedWindowLimiter(
                ClientAddress.PartitionKey(http),
                _ => PerMinute(limits.AuthPerMinute)));
            options.AddPolicy(Heartbeat, http => shared
                ? RateLimitPartition.GetNoLimiter("shared")
                : RateLimitPartition.GetFixedWindowLimiter(ListenerCookie.RateLimitKey(http), _ => PerMinute(limits.HeartbeatsPerMinute)));
            options.OnRejected = WriteProblemAsync;
        });
    }

    /// <summary>
    /// With several instances, the heartbeat's permit from its shared window: for a known listener, the permits per
    /// minute to take with the session's read (one Redis call for both); for a caller known only by address, taken
    /// here, throwing <see cref="TooManyRequestsException"/> when it is spent. Alone, the <see cref="Heartbeat"/>
    /// policy has counted, and this is null.
    /// </summary>
    public static async ValueTask<int?> AdmitHeartbeatAsync(this HttpContext http)
    {
        if (http.RequestServices.GetService<IRateWindows>() is not { } shared)
        {
            return null;
        }

        var perMinute = http.RequestServices.GetRequiredService<RateLimitingOptions>().HeartbeatsPerMinute;
        var key = ListenerCookie.RateLimitKey(http);
        if (!key.StartsWith(ListenerCookie.AddressKeyPrefix, StringComparison.Ordinal))
        {
            return perMinute;
        }

        if (await shared.TryTakeAsync(IRateWindows.Heartbeats + key, perMinute, http.RequestAborted) is { } wait)
        {
            throw TooManyRequestsException.After(wait);
        }

        return null;
    }

    public static FixedWindowRateLimiterOptions PerMinute(int permits) => new()
    {
        PermitLimit = permits,
        Window = TimeSpan.FromMinutes(1),
        QueueLimit = 0,
    };

    private static ValueTask WriteProblemAsync(OnRejectedContext context, CancellationToken cancellationToken)
    {
        var wait = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter) ? retryAfter : TimeSpan.FromMinutes(1);
        return TooManyRequests.WriteProblemAsync(
            context.HttpContext, wait, TooManyRequestsException.Detail(wait));
    }
}
