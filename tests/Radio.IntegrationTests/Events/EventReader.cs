using System.Diagnostics;
using System.Text;
using System.Threading.Channels;

namespace Radio.IntegrationTests.Events;

/// <summary>One event as it came over the wire, with when it arrived.</summary>
public sealed record ReceivedEvent(string? Type, string? Id, string Data, DateTimeOffset ArrivedAt);

/// <summary>
/// Reads <c>text/event-stream</c> line by line, as a browser's EventSource does, keeping the fields as sent (an event with
/// empty data too, which a browser would not dispatch: the keep-alive). A background read keeps the events as they
/// arrive, so waiting for one with a timeout never cancels a read of the connection.
/// </summary>
public sealed class EventReader : IDisposable
{
    private readonly StreamReader _reader;
    private readonly Channel<ReceivedEvent> _events = Channel.CreateUnbounded<ReceivedEvent>();

    public EventReader(Stream body)
    {
        _reader = new StreamReader(body, Encoding.UTF8);
        _ = PumpAsync();
    }

    /// <summary>The next event, or null when the stream ended or <paramref name="timeout"/> passed.</summary>
    public async Task<ReceivedEvent?> NextAsync(TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            return await _events.Reader.ReadAsync(cts.Token);
        }
        catch (Exception e) when (e is OperationCanceledException or ChannelClosedException)
        {
            return null;
        }
    }

    /// <summary>Events until one of <paramref name="type"/> arrives (returned), or null after <paramref name="timeout"/>.</summary>
    public async Task<ReceivedEvent?> NextOfAsync(string type, TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < timeout)
        {
            var next = await NextAsync(timeout - clock.Elapsed);
            if (next is null || next.Type == type)
            {
                return next;
            }
        }

        return null;
    }

    public void Dispose() => _reader.Dispose();

    private async Task PumpAsync()
    {
        string? type = null, id = null;
        var data = new List<string>();
        var any = false;
        try
        {
            while (await _reader.ReadLineAsync() is { } line)
            {
                if (line.Length == 0)
                {
                    if (any)
                    {
                        _events.Writer.TryWrite(new ReceivedEvent(type, id, string.Join('\n', data), TimeProvider.System.GetUtcNow()));
                    }

                    (type, id, any) = (null, null, false);
                    data.Clear();
                    continue;
                }

                any = true;
                var colon = line.IndexOf(':', StringComparison.Ordinal);
                var (field, value) = colon < 0 ? (line, string.Empty) : (line[..colon], line[(colon + 1)..].TrimStart(' '));
                switch (field)
                {
                    case "event": type = value; break;
                    case "id": id = value; break;
                    case "data": data.Add(value); break;
                }
            }
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException or HttpRequestException)
        {
            // the connection ended
        }
        finally
        {
            _events.Writer.TryComplete();
        }
    }
}

/// <summary>The two ways the server serves <c>/radio/events</c>.</summary>
public enum EventsPath
{
    /// <summary>From its socket: a connection whose first request it is (as the stream's socket path takes).</summary>
    Socket,

    /// <summary>Through the HTTP pipeline: here a connection kept alive from an earlier request.</summary>
    Pipeline,
}

public static class EventsApi
{
    /// <summary>
    /// Opens <c>/radio/events</c> on <paramref name="path"/> and returns the response, its body not yet read, having
    /// checked that it came that way: the socket path ends its body by closing, Kestrel chunks it.
    /// </summary>
    public static async Task<HttpResponseMessage> OpenEventsAsync(this HttpClient client, EventsPath path, string? lastEventId = null)
    {
        if (path == EventsPath.Pipeline)
        {
            // the connection the events then reuse: Kestrel owns it
            (await client.GetAsync("/health/live")).EnsureSuccessStatusCode();
        }

        var response = await client.OpenEventsAsync(lastEventId);
        if (response.IsSuccessStatusCode)
        {
            response.Headers.TransferEncodingChunked.Should().Be(path == EventsPath.Pipeline ? true : null, $"the events came by the {path} path");
            response.Headers.ConnectionClose.Should().Be(path == EventsPath.Socket ? true : null, $"the events came by the {path} path");
        }

        return response;
    }

    /// <summary>Opens <c>/radio/events</c> and returns the response, its body not yet read.</summary>
    public static Task<HttpResponseMessage> OpenEventsAsync(this HttpClient client, string? lastEventId = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, "/radio/events");
        request.Headers.Accept.ParseAdd("text/event-stream");
        if (lastEventId is not null)
        {
            request.Headers.Add("Last-Event-ID", lastEventId);
        }

        return client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
    }

    public static async Task<EventReader> EventsAsync(this HttpResponseMessage response) =>
        new(await response.Content.ReadAsStreamAsync());
}
