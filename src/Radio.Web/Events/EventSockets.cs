using System.Net;
using System.Net.Sockets;
using Microsoft.Net.Http.Headers;
using Radio.Domain.Station;
using Radio.Web.Common;
using Radio.Web.Station;

namespace Radio.Web.Events;

/// <summary>
/// <c>/radio/events</c> clients served straight from their sockets, as stream listeners are (<see cref="SocketClients"/>):
/// whenever <see cref="LiveEvents"/> publishes, each client is sent the events it has not had yet, the same shared
/// bytes for all. A client costs its socket and its <see cref="EventFeed"/>, a position in the <see cref="EventLog"/>;
/// one that stops reading falls out of the log and is dropped. <see cref="StationTransport"/> hands over the
/// connections whose first request is a plain <c>GET /radio/events</c>; the rest (HTTP/2, HTTPS, a kept-alive
/// connection, the in-memory test server) go to <see cref="LiveEventsEndpoint"/>. Its clients count in the same places
/// as the pipeline's, by the client address <see cref="ReverseProxies"/> finds behind a trusted proxy, and its head
/// carries the CORS headers the pipeline's response does (<see cref="CrossOriginHeaders"/>).
/// </summary>
internal sealed class EventSockets : BackgroundService
{
    /// <summary>Events are small: a client that reads keeps its socket buffer empty, and one that does not fills a
    /// fixed buffer soon and falls behind.</summary>
    private const int SendBufferBytes = 16 * 1024;

    /// <summary>Events come seconds apart: a client that leaves gives its place back within this, not at the next event.</summary>
    private static readonly TimeSpan ClosedCheck = TimeSpan.FromSeconds(1);

    private readonly LiveEvents _events;
    private readonly ReverseProxies _proxies;
    private readonly CrossOriginHeaders _crossOrigin;
    private readonly TimeProvider _clock;
    private readonly ILogger<EventSockets> _logger;
    private readonly SocketClients _clients;
    private readonly SocketResponseHead _head;

    public EventSockets(
        LiveEvents events, ReverseProxies proxies, CrossOriginHeaders crossOrigin, TimeProvider clock, ILogger<EventSockets> logger)
    {
        (_events, _proxies, _crossOrigin, _clock, _logger) = (events, proxies, crossOrigin, clock, logger);
        _clients = new SocketClients(() => events.Published, End, clock, logger, ClosedCheck);
        _head = new SocketResponseHead(clock);
    }

    /// <summary>The headers <c>TypedResults.ServerSentEvents</c> and the pipeline give the same response.</summary>
    public static IEnumerable<KeyValuePair<string, string>> Headers()
    {
        yield return new(HeaderNames.ContentType, "text/event-stream");
        yield return new(HeaderNames.CacheControl, "no-cache,no-store");
        yield return new(HeaderNames.ContentEncoding, "identity");
        yield return new(HeaderNames.Pragma, "no-cache");
        yield return new(HeaderNames.XContentTypeOptions, NoSniff.Value); // no middleware here to add it
    }

    /// <summary>
    /// Takes over a connection whose first bytes, still unread in the socket, are <paramref name="request"/>. Returns
    /// false, having read nothing, when the events are not ready (or the loop is not running) or
    /// <see cref="EventsOptions.MaxClients"/> in all or <see cref="EventsOptions.MaxClientsPerAddress"/> from its
    /// address are connected: the HTTP pipeline then answers, with its 503.
    /// </summary>
    public async ValueTask<bool> TryTakeAsync(Socket socket, StreamRequest request)
    {
        if (ExecuteTask is null || ExecuteTask.IsCompleted)
        {
            return false;
        }

        var address = ClientAddress.PartitionKey(_proxies.ClientOf(((IPEndPoint)socket.RemoteEndPoint!).Address, request.ForwardedFor));
        var head = _head.Bytes(0, Headers(), await _crossOrigin.ForGetAsync(request.Origin));
        var feed = _events.TryJoin(address, head);
        if (feed is null)
        {
            return false;
        }

        if (!SocketClients.TryOpen(socket, request.HeadLength, SendBufferBytes))
        {
            _events.Leave(address);
            return true; // the client is gone already
        }

        _clients.Add(new SocketClient(socket, feed, address, _clock.GetTimestamp()));
        return true;
    }

    protected override Task ExecuteAsync(CancellationToken stoppingToken) => _clients.RunAsync(stoppingToken);

    private void End(SocketClient client)
    {
        _events.Leave(client.Address);
        if (client.Feed.End == StreamEnd.FellBehind)
        {
            LiveEvents.LogDropped(_logger);
        }

        var elapsed = _clock.GetElapsedTime(client.Started).TotalMilliseconds;
        StationStream.LogRequest(_logger, "GET", LiveEventsEndpoint.Path, StatusCodes.Status200OK, elapsed);
    }
}
