using System.Buffers;
using System.Globalization;
using Microsoft.AspNetCore.Http.Features;
using Radio.Domain.Station;

namespace Radio.Web.Station;

/// <summary>
/// Writes one listener's endless stream: the shared chunks as they arrive, with ICY metadata interleaved when the
/// client asked for it. Ends when the client disconnects or the server stops, or aborts the connection when the
/// listener was evicted for falling too far behind.
/// </summary>
internal static class StationStream
{
    public static async Task WriteAsync(HttpContext http, StationListener listener, string stationName, CancellationToken stopping)
    {
        using var _ = listener;
        var icy = string.Equals(http.Request.Headers["Icy-MetaData"], "1", StringComparison.Ordinal)
            ? new IcyFraming(IcyFraming.DefaultMetaInt)
            : null;

        var response = http.Response;
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = "audio/mpeg";
        response.Headers.CacheControl = "no-cache, no-store";
        response.Headers["icy-name"] = stationName;
        response.Headers["icy-pub"] = "0";
        if (icy is not null)
        {
            response.Headers["icy-metaint"] = icy.MetaInt.ToString(CultureInfo.InvariantCulture);
        }

        http.Features.Get<IHttpResponseBodyFeature>()?.DisableBuffering();

        // endless responses must end when the server stops, or shutdown would wait its whole timeout for them
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(http.RequestAborted, listener.Evicted, stopping);
        var body = response.BodyWriter;
        var chunks = listener.Chunks;
        var headersSent = false;
        try
        {
            while (await chunks.WaitToReadAsync(stop.Token))
            {
                while (chunks.TryRead(out var chunk))
                {
                    if (!headersSent)
                    {
                        response.Headers["icy-br"] = chunk.BitrateKbps.ToString(CultureInfo.InvariantCulture);
                        headersSent = true;
                    }

                    if (icy is null)
                    {
                        body.Write(chunk.Audio.Span);
                    }
                    else
                    {
                        icy.Write(body, chunk.Audio.Span, chunk.Title);
                    }

                    // one chunk at a time, even in the burst: a connection then holds at most one pooled buffer
                    await body.FlushAsync(stop.Token);
                }
            }
        }
        catch (OperationCanceledException)
        {
            // the client went away, or was evicted: below
        }

        if (listener.WasEvicted)
        {
            http.Abort();
        }
    }
}
