using System.Globalization;
using System.Net.Sockets;
using Microsoft.AspNetCore.Connections.Features;
using Radio.Web.Common;
using Radio.Web.Station;

namespace Radio.Web.Events;

/// <summary>
/// <c>GET /radio/events</c> through the HTTP pipeline: Server-Sent Events from <see cref="LiveEvents"/>, for what
/// <see cref="EventSockets"/> does not take (HTTP/2, an HTTPS endpoint, a kept-alive connection, the in-memory test
/// server, a client at a cap, for its 503). Short-circuited like the stream (see <see cref="StationStream"/>): an
/// endless response would keep the state of every middleware it passed through, so it writes its own problem document,
/// CORS headers and request event.
/// </summary>
internal static partial class LiveEventsEndpoint
{
    public const string Path = "/radio/events";

    /// <summary>A client at the cap tries again after this long.</summary>
    private const int RetryAfterSeconds = 30;

    /// <summary>Events are small: a client that reads keeps its socket buffer empty, and one that does not fills a
    /// fixed buffer soon (instead of one that autotunes up to megabytes of kernel memory) and is dropped.</summary>
    private const int SendBufferBytes = 16 * 1024;

    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(5);

    public static IServiceCollection AddLiveEvents(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<EventsOptions>().Bind(configuration.GetSection(EventsOptions.Section))
            .Validate(o => o.MaxClients >= 1 && o.MaxClientsPerAddress >= 1,
                "Radio:Events:MaxClients and MaxClientsPerAddress must be at least 1.")
            .Validate(o => o.KeepAliveSeconds is > 0 and <= 15, "Radio:Events:KeepAliveSeconds must be more than 0 and at most 15.")
            .ValidateOnStart();
        services.AddSingleton<LiveEvents>();
        services.AddHostedService(sp => sp.GetRequiredService<LiveEvents>());
        services.AddSingleton<EventSockets>(); // taken by the station's transport (see AddStationStreaming)
        services.AddHostedService(sp => sp.GetRequiredService<EventSockets>());
        return services;
    }

    public static IEndpointConventionBuilder MapLiveEvents(this IEndpointRouteBuilder app) => app
        .MapGet(Path, ServeAsync)
        .WithTags("Radio")
        .WithSummary("Live updates as Server-Sent Events: `now-playing` at once and at each song change, `listeners` when the count changes, keep-alives.")
        .WithDescription("`event: now-playing` (`id:` the schedule entry's sequence number, `data:` the object `GET /radio/now-playing` returns) " +
            "on connect, on a reconnect with `Last-Event-ID`, and within 1 s of each song change; `event: listeners` with `{\"listeners\": n}` " +
            "at most every 5 s when the count changes; `event: keep-alive` with empty data at least every 15 s. " +
            "Past `Radio:Events:MaxClients` connections, or `Radio:Events:MaxClientsPerAddress` from one client address, 503 with `Retry-After`.")
        .Produces<string>(StatusCodes.Status200OK, "text/event-stream")
        .ProducesProblem(StatusCodes.Status503ServiceUnavailable)
        .ShortCircuit();

    private static async Task ServeAsync(
        HttpContext http, LiveEvents events, CrossOriginHeaders crossOrigin, IHostApplicationLifetime lifetime,
        TimeProvider clock, ILogger<LiveEvents> logger)
    {
        var started = clock.GetTimestamp();
        await crossOrigin.ApplyAsync(http); // the middleware would have, for every answer: the 503s too
        // endless responses must end when the server stops, or shutdown would wait its whole timeout for them
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(http.RequestAborted, lifetime.ApplicationStopping);
        try
        {
            await events.Ready.WaitAsync(StartTimeout, clock, stop.Token);
            var client = events.TryJoin(ClientAddress.PartitionKey(http), http.Abort, out var refusal);
            if (client is null)
            {
                await UnavailableAsync(http, refusal);
                return;
            }

            try
            {
                FixSendBuffer(http);
                await TypedResults.ServerSentEvents(client.Pending.ReadAllAsync(stop.Token)).ExecuteAsync(http);
            }
            finally
            {
                events.Leave(client);
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            // the client went away (or was dropped), or the server is stopping
        }
        catch (TimeoutException)
        {
            await UnavailableAsync(http, "The station's live events are starting: try again shortly.");
        }
        finally
        {
            var elapsed = clock.GetElapsedTime(started).TotalMilliseconds;
            StationStream.LogRequest(logger, http.Request.Method, Path, http.Response.StatusCode, elapsed);
        }
    }

    private static async Task UnavailableAsync(HttpContext http, string detail)
    {
        http.Response.Headers.RetryAfter = RetryAfterSeconds.ToString(CultureInfo.InvariantCulture);
        http.Response.Headers.CacheControl = "no-cache, no-store";
        // and the connection closed after it, as the stream does: a refused client holds nothing here, and its retry
        // comes on a new connection, which the socket path can take
        http.Response.Headers.Connection = "close";
        // a problem document even though an EventSource accepts only text/event-stream (the problem details service
        // would write nothing for that Accept)
        await TypedResults.Problem(detail, statusCode: StatusCodes.Status503ServiceUnavailable, title: "Service unavailable")
            .ExecuteAsync(http);
    }

    /// <summary>The socket's send buffer, where there is a socket (not in the in-memory test server).</summary>
    private static void FixSendBuffer(HttpContext http)
    {
        try
        {
            if (http.Features.Get<IConnectionSocketFeature>()?.Socket is { } socket)
            {
                socket.SendBufferSize = SendBufferBytes;
            }
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
            // the client is gone already: the response ends at its first write
        }
    }
}
