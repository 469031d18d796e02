using System.Buffers;
using System.Globalization;
using System.IO.Pipelines;
using Microsoft.AspNetCore.Http.Features;
using Radio.Domain.Station;

namespace Radio.Web.Station;

/// <summary>
/// The stream's response, shared by both ways of serving it: the HTTP pipeline (<see cref="WriteAsync"/>) and the
/// listener sockets of <see cref="StationSockets"/>. Its headers are Icecast's: <c>icy-name</c>, <c>icy-pub</c>,
/// <c>icy-br</c>, and <c>icy-metaint</c> when the client asked for metadata.
/// </summary>
internal static partial class StationStream
{
    public const string Path = "/radio/stream";

    public static bool WantsIcy(string? icyMetaDataHeader) =>
        string.Equals(icyMetaDataHeader?.Trim(), "1", StringComparison.Ordinal);

    public static IEnumerable<KeyValuePair<string, string>> Headers(StationListener listener, string stationName)
    {
        yield return new("Content-Type", "audio/mpeg");
        yield return new("Cache-Control", "no-cache, no-store");
        yield return new("icy-name", stationName);
        yield return new("icy-pub", "0");
        yield return new("icy-br", listener.BitrateKbps.ToString(CultureInfo.InvariantCulture));
        if (listener.IcyMetaInt > 0)
        {
            yield return new("icy-metaint", listener.IcyMetaInt.ToString(CultureInfo.InvariantCulture));
        }
    }

    /// <summary>
    /// Writes one listener's endless stream through the HTTP pipeline. Ends when the client disconnects, the station
    /// goes off the air or the server stops; aborts the connection when the listener fell too far behind.
    /// </summary>
    public static async Task WriteAsync(
        HttpContext http, StationListener listener, Broadcast broadcast, string stationName, CancellationToken stopping)
    {
        var response = http.Response;
        response.StatusCode = StatusCodes.Status200OK;
        foreach (var (name, value) in Headers(listener, stationName))
        {
            response.Headers[name] = value;
        }

        http.Features.Get<IHttpResponseBodyFeature>()?.DisableBuffering();

        // endless responses must end when the server stops, or shutdown would wait its whole timeout for them
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(http.RequestAborted, stopping);
        var body = response.BodyWriter;
        try
        {
            await response.StartAsync(stop.Token); // the body writer takes more than a buffer only once started
            while (true)
            {
                var changed = broadcast.Changed; // before reading, so a chunk published meanwhile is not missed
                var unflushed = 0;
                for (var pending = listener.Pending(); !pending.IsEmpty; pending = listener.Pending())
                {
                    body.Write(pending.Span);
                    listener.Advance(pending.Length);
                    if ((unflushed += pending.Length) >= FlushBytes)
                    {
                        await FlushAsync(body, broadcast, stop);
                        unflushed = 0;
                    }
                }

                if (listener.End is not null)
                {
                    break;
                }

                await FlushAsync(body, broadcast, stop);
                await changed.WaitAsync(stop.Token);
            }
        }
        catch (OperationCanceledException) when (http.RequestAborted.IsCancellationRequested || stopping.IsCancellationRequested)
        {
            // the client went away, or the server is stopping
        }
        catch (OperationCanceledException)
        {
            http.Abort(); // the flush timed out: the listener is stuck
            return;
        }

        if (listener.End == StreamEnd.FellBehind)
        {
            http.Abort();
        }
    }

    /// <summary>The one event per request that the request-logging middleware writes for other requests, in its shape
    /// (no user id: the stream is anonymous); written by both ways of serving the stream when a listener leaves.</summary>
    [LoggerMessage(Level = LogLevel.Information,
        Message = "HTTP {RequestMethod} {RequestPath} responded {StatusCode} in {Elapsed:0.0000} ms")]
    public static partial void LogRequest(ILogger logger, string requestMethod, string requestPath, int statusCode, double elapsed);

    /// <summary>The burst goes out in pieces of this size, so a connection holds little of it in its buffers.</summary>
    private const int FlushBytes = 16 * 1024;

    private static async Task FlushAsync(PipeWriter body, Broadcast broadcast, CancellationTokenSource stop)
    {
        // a client that stops reading blocks the flush: give up on it after the broadcast's maximum lag
        stop.CancelAfter(broadcast.Options.MaxLag);
        await body.FlushAsync(stop.Token);
        stop.CancelAfter(Timeout.InfiniteTimeSpan);
    }
}
