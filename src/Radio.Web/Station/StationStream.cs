using System.Buffers;
using System.Globalization;
using System.IO.Pipelines;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Mvc;
using Radio.Application.Station;
using Microsoft.Net.Http.Headers;
using Radio.Domain.Station;
using Radio.Web.Common;

namespace Radio.Web.Station;

/// <summary>
/// <c>GET /radio/stream</c> through the HTTP pipeline, for what <see cref="StationSockets"/> does not take (an HTTPS
/// endpoint, a kept-alive connection, a request split across packets, the station off the air), and what both ways
/// share: the response headers (Icecast's <c>icy-name</c>, <c>icy-pub</c>, <c>icy-br</c>, and <c>icy-metaint</c> when
/// the client asked for metadata) and the request event. The endpoint is short-circuited, run by the routing middleware
/// ahead of the rest of the pipeline: a listener's response lasts for hours, and every middleware it passed through
/// (request logging, authentication, rate limiting) would keep its state as long. The stream is anonymous and not rate
/// limited, and writes its own problem document and request event. It runs after the forwarded headers are applied
/// and counts its listeners in the same <see cref="ListenerSlots"/> as the socket path, which hands it the listeners
/// past a cap for their 503.
/// </summary>
internal sealed partial class StationStream(
    Broadcast broadcast, StationOptions settings, ListenerSlots slots, IProblemDetailsService problems,
    CrossOriginHeaders crossOrigin, IHostApplicationLifetime lifetime, TimeProvider clock, ILogger<StationStream> logger)
{
    public const string Path = "/radio/stream";

    /// <summary>The burst goes out in pieces of this size, so a connection holds little of it in its buffers.</summary>
    private const int FlushBytes = 16 * 1024;

    public static IEnumerable<KeyValuePair<string, string>> Headers(int bitrateKbps, int icyMetaInt, string stationName)
    {
        yield return new("Content-Type", "audio/mpeg");
        yield return new("Cache-Control", "no-cache, no-store");
        yield return new(HeaderNames.XContentTypeOptions, NoSniff.Value); // the socket path has no middleware to add it
        yield return new("icy-name", stationName);
        yield return new("icy-pub", "0");
        yield return new("icy-br", bitrateKbps.ToString(CultureInfo.InvariantCulture));
        if (icyMetaInt > 0)
        {
            yield return new("icy-metaint", icyMetaInt.ToString(CultureInfo.InvariantCulture));
        }
    }

    /// <summary>The one event per request that the request-logging middleware writes for other requests, in its shape
    /// (no user id: the stream is anonymous); written by both ways of serving the stream when a response ends.</summary>
    [LoggerMessage(Level = LogLevel.Information,
        Message = "HTTP {RequestMethod} {RequestPath} responded {StatusCode} in {Elapsed:0.0000} ms")]
    public static partial void LogRequest(ILogger logger, string requestMethod, string requestPath, int statusCode, double elapsed);

    /// <param name="http">The request.</param>
    /// <param name="icy">Whether the client asked for ICY metadata.</param>
    public async Task ServeAsync(HttpContext http, bool icy)
    {
        var started = clock.GetTimestamp();
        try
        {
            await crossOrigin.ApplyAsync(http); // the middleware would have, for every answer: the 503s too
            await (broadcast.OnAir ? ListenAsync(http, icy) : OffAirAsync(http));
        }
        finally
        {
            var elapsed = clock.GetElapsedTime(started).TotalMilliseconds;
            LogRequest(logger, http.Request.Method, Path, http.Response.StatusCode, elapsed);
        }
    }

    private Task OffAirAsync(HttpContext http) =>
        UnavailableAsync(http, "The station is off the air: the library has no songs yet.");

    private async Task ListenAsync(HttpContext http, bool icy)
    {
        var address = ClientAddress.PartitionKey(http);
        if (!slots.TryTake(address, out var refusal))
        {
            // at once, and the connection closed after it: a refused listener holds nothing here
            http.Response.Headers.RetryAfter = ((int)ListenerSlots.RetryAfter.TotalSeconds).ToString(CultureInfo.InvariantCulture);
            http.Response.Headers.Connection = "close";
            await UnavailableAsync(http, refusal);
            return;
        }

        try
        {
            await StreamAsync(http, icy);
        }
        finally
        {
            slots.Release(address);
        }
    }

    private async Task UnavailableAsync(HttpContext http, string detail)
    {
        http.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
        http.Response.Headers.CacheControl = "no-cache, no-store";
        await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = http,
            ProblemDetails = new ProblemDetails
            {
                Status = StatusCodes.Status503ServiceUnavailable,
                Title = "Service unavailable",
                Detail = detail,
            },
        });
    }

    /// <summary>
    /// Writes one listener's endless stream. Ends when the client disconnects, the station goes off the air or the
    /// server stops; aborts the connection when the listener fell too far behind.
    /// </summary>
    private async Task StreamAsync(HttpContext http, bool icy)
    {
        var listener = broadcast.Listen();
        var feed = new ListenerFeed(listener, icy ? IcyMetadata.Interval : 0);
        var response = http.Response;
        response.StatusCode = StatusCodes.Status200OK;
        foreach (var (name, value) in Headers(listener.BitrateKbps, icy ? IcyMetadata.Interval : 0, settings.Name))
        {
            response.Headers[name] = value;
        }

        http.Features.Get<IHttpResponseBodyFeature>()?.DisableBuffering();

        // endless responses must end when the server stops, or shutdown would wait its whole timeout for them
        var stopping = lifetime.ApplicationStopping;
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(http.RequestAborted, stopping);
        var body = response.BodyWriter;
        try
        {
            await response.StartAsync(stop.Token); // the body writer takes more than a buffer only once started
            while (true)
            {
                var changed = broadcast.Changed; // before reading, so a chunk published meanwhile is not missed
                var unflushed = 0;
                for (var pending = feed.Pending(); !pending.IsEmpty; pending = feed.Pending())
                {
                    body.Write(pending.Span);
                    feed.Advance(pending.Length);
                    if ((unflushed += pending.Length) >= FlushBytes)
                    {
                        await FlushAsync(body, stop);
                        unflushed = 0;
                    }
                }

                if (feed.End is not null)
                {
                    break;
                }

                await FlushAsync(body, stop);
                await changed.WaitAsync(stop.Token);
            }
        }
        catch (OperationCanceledException) when (http.RequestAborted.IsCancellationRequested || stopping.IsCancellationRequested)
        {
            return; // the client went away, or the server is stopping
        }
        catch (OperationCanceledException)
        {
            http.Abort(); // the flush timed out: the listener is stuck
            return;
        }

        if (feed.End == StreamEnd.FellBehind)
        {
            http.Abort();
        }
    }

    private async Task FlushAsync(PipeWriter body, CancellationTokenSource stop)
    {
        // a client that stops reading blocks the flush: give up on it after the broadcast's maximum lag
        stop.CancelAfter(broadcast.Options.MaxLag);
        await body.FlushAsync(stop.Token);
        stop.CancelAfter(Timeout.InfiniteTimeSpan);
    }
}
