using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging;
using Radio.Application.Common;
using Radio.Domain.Library;
using Radio.Domain.Listening;
using Radio.Domain.Listens;
using Radio.Infrastructure.Common;
using StackExchange.Redis;

namespace Radio.Infrastructure.Instances;

/// <summary>
/// Several instances: with <c>ConnectionStrings:Redis</c> the state they must share lives in that Redis. Without it
/// everything stays in this process, the embedded default.
/// </summary>
internal static class RedisServices
{
    /// <summary>Registers Redis when it is configured; false (and nothing registered) when it is not.</summary>
    public static bool AddRedis(this IServiceCollection services, IConfiguration configuration, RadioOptions options)
    {
        var connectionString = configuration.GetConnectionString("Redis");
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            return false;
        }

        if (string.IsNullOrEmpty(options.Tokens.SigningKey))
        {
            // each instance would generate its own key and refuse the others' tokens and cookies
            throw new InvalidOperationException(
                "Radio:Tokens:SigningKey must be set, the same on every instance, when ConnectionStrings:Redis is.");
        }

        var redis = ConfigurationOptions.Parse(connectionString);
        redis.AbortOnConnectFail = false; // start while Redis is down, and reconnect by itself when it is back
        redis.ClientName ??= "radio";
        // while disconnected a command fails at once: a heartbeat answers 503 instead of waiting for a timeout
        redis.BacklogPolicy = BacklogPolicy.FailFast;
        services.AddSingleton<IConnectionMultiplexer>(sp =>
        {
            redis.LoggerFactory = sp.GetRequiredService<ILoggerFactory>();
            var connection = ConnectionMultiplexer.Connect(redis);
            var metrics = sp.GetRequiredService<RadioMetrics>();
            connection.ConnectionFailed += (_, _) => metrics.RedisError();
            connection.InternalError += (_, _) => metrics.RedisError();
            return connection;
        });
        services.AddSingleton(new InstanceId());
        services.AddHealthChecks().AddCheck<RedisHealthCheck>("redis", HealthStatus.Unhealthy, [DependencyInjection.ReadyTag]);

        // library changes reach every instance's search index
        services.AddSingleton<ISongSearchIndexLoader, AnnouncedSearchIndexLoader>();
        services.AddHostedService<LibraryChangeSubscriber>();

        // listening state shared by all instances; registered after the in-memory stores, so these are the ones resolved
        services.AddSingleton<RedisListeningSessions>();
        services.AddSingleton<IListeningSessions>(sp => sp.GetRequiredService<RedisListeningSessions>());
        services.AddSingleton<RedisEndedSessions>();
        services.AddSingleton<RedisAnonymousListeners>();
        services.AddSingleton<RedisListenerTotals>();
        services.AddSingleton<IListenerTotals>(sp => sp.GetRequiredService<RedisListenerTotals>());
        services.AddSingleton<RedisPlayCredits>();
        services.AddSingleton<IPlayCredits>(sp => sp.GetRequiredService<RedisPlayCredits>());
        services.AddSingleton<HeartbeatWrites>();
        services.AddSingleton<IHeartbeatLedger, RedisHeartbeats>();
        services.AddSingleton<IRateWindows, RedisRateWindows>();
        services.AddSingleton<RedisTotalsFlush>();
        services.AddHostedService(sp => sp.GetRequiredService<RedisTotalsFlush>());
        return true;
    }
}

/// <summary>This process among the instances, so it can tell its own announcements from the others'.</summary>
internal sealed class InstanceId
{
    public string Value { get; } = Guid.NewGuid().ToString("N");
}
