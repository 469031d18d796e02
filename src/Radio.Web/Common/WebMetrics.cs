using System.Diagnostics.Metrics;
using OpenTelemetry.Metrics;
using Radio.Application.Common;
using Radio.Domain.Listening;
using Radio.Web.Station;

namespace Radio.Web.Common;

/// <summary>
/// <c>/metrics</c>: the <see cref="RadioMeter"/> meter and the runtime's own (<c>System.Runtime</c>: GC, JIT, thread
/// pool, CPU time) in Prometheus text format through OpenTelemetry, unless <c>Radio:Metrics:Enabled</c> is false. Web adds the instruments only it can see: stream listeners on this
/// instance, live listening sessions, and heartbeats by outcome.
/// </summary>
internal static class WebMetrics
{
    public const string Path = "/metrics";
    private const string HeartbeatPath = "/api/heartbeat";

    /// <summary>The runtime's built-in meter (observable instruments only: nothing is added to a request's work).</summary>
    private const string RuntimeMeter = "System.Runtime";

    public static bool IsEnabled(IConfiguration configuration) => configuration.GetValue("Radio:Metrics:Enabled", true);

    public static IServiceCollection AddRadioMetrics(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton<HeartbeatOutcomes>();
        if (IsEnabled(configuration))
        {
            services.AddOpenTelemetry().WithMetrics(m => m.AddMeter(RadioMeter.Name, RuntimeMeter).AddPrometheusExporter(o => o.ScrapeResponseCacheDurationMilliseconds = 0)); // each scrape sees now
        }

        return services;
    }

    /// <summary>Counts heartbeats by their answer, whichever part of the pipeline gave it (the rate limiter, a validator).</summary>
    public static IApplicationBuilder UseHeartbeatOutcomes(this IApplicationBuilder app)
    {
        var outcomes = app.ApplicationServices.GetRequiredService<HeartbeatOutcomes>();
        return app.Use(async (http, next) =>
        {
            if (!HttpMethods.IsPost(http.Request.Method) || !http.Request.Path.Equals(HeartbeatPath, StringComparison.OrdinalIgnoreCase))
            {
                await next(http);
                return;
            }

            try
            {
                await next(http);
            }
            finally
            {
                outcomes.Count(http.Response.StatusCode);
            }
        });
    }

    /// <summary>The scrape endpoint: short-circuited (no request log, authentication or rate limit), and not in the OpenAPI document.</summary>
    public static void MapRadioMetrics(this WebApplication app)
    {
        if (IsEnabled(app.Configuration))
        {
            app.MapPrometheusScrapingEndpoint(Path).ExcludeFromDescription().ShortCircuit();
        }
    }

    internal sealed class HeartbeatOutcomes
    {
        private readonly Counter<long> _heartbeats;
        private int _live;

        public HeartbeatOutcomes(IMeterFactory meters, ListenerSlots slots, IListeningSessions sessions, TimeProvider clock)
        {
            var meter = meters.Create(RadioMeter.Name);
            _heartbeats = meter.CreateCounter<long>("radio.heartbeats", "{heartbeat}", "Heartbeats received, by outcome");
            meter.CreateObservableGauge("radio.stream.listeners", () => slots.Count, "{listener}", "Stream listeners on this instance");
            meter.CreateObservableGauge("radio.listening.sessions", () =>
            {
                // a scrape never waits for Redis: it reports the count as of the last one that completed
                var count = sessions.CountLiveAsync(clock.GetUtcNow(), CancellationToken.None);
                if (count.IsCompletedSuccessfully)
                {
                    Volatile.Write(ref _live, count.GetAwaiter().GetResult());
                    return Volatile.Read(ref _live);
                }

                _ = count.AsTask().ContinueWith(
                    t =>
                    {
                        if (t.Exception is null)
                        {
                            Volatile.Write(ref _live, t.GetAwaiter().GetResult());
                        }
                    },
                    TaskScheduler.Default);
                return Volatile.Read(ref _live);
            }, "{session}", "Live listening sessions");
        }

        public void Count(int status) => _heartbeats.Add(1, new KeyValuePair<string, object?>("outcome", status switch
        {
            StatusCodes.Status200OK => "ok",
            StatusCodes.Status429TooManyRequests => "rate_limited",
            StatusCodes.Status400BadRequest or StatusCodes.Status413PayloadTooLarge or StatusCodes.Status415UnsupportedMediaType => "invalid",
            StatusCodes.Status401Unauthorized or StatusCodes.Status403Forbidden => "unauthorized",
            >= 500 => "error",
            _ => "other",
        }));
    }
}
