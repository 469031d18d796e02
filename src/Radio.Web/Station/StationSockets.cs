using System.Net;
using System.Net.Sockets;
using Radio.Application.Station;
using Radio.Domain.Station;
using Radio.Web.Common;

namespace Radio.Web.Station;

/// <summary>
/// Serves stream listeners straight from their sockets (<see cref="SocketClients"/>): whenever the broadcast
/// publishes, each listener is sent what it has not had yet. A listener costs its socket and its
/// <see cref="ListenerFeed"/>. <see cref="StationTransport"/> hands over the connections whose first request is
/// <c>GET /radio/stream</c>. A listener whose socket stays full while the broadcast moves on falls behind and is
/// dropped. Its listeners count in <see cref="ListenerSlots"/>, by the client address <see cref="ReverseProxies"/>
/// finds behind a trusted proxy, as the pipeline's do.
/// </summary>
internal sealed class StationSockets : BackgroundService
{
    private const int SendBufferBytes = 64 * 1024;

    private readonly Broadcast _broadcast;
    private readonly StationOptions _settings;
    private readonly ListenerSlots _slots;
    private readonly ReverseProxies _proxies;
    private readonly CrossOriginHeaders _crossOrigin;
    private readonly TimeProvider _clock;
    private readonly ILogger<StationSockets> _logger;
    private readonly SocketClients _listeners;
    private readonly SocketResponseHead[] _heads; // without and with ICY metadata

    public StationSockets(
        Broadcast broadcast, StationOptions settings, ListenerSlots slots, ReverseProxies proxies, CrossOriginHeaders crossOrigin,
        TimeProvider clock, ILogger<StationSockets> logger)
    {
        (_broadcast, _settings, _slots, _proxies, _crossOrigin, _clock, _logger) = (broadcast, settings, slots, proxies, crossOrigin, clock, logger);
        _listeners = new SocketClients(() => broadcast.Changed, End, clock, logger); // sends every chunk: no closed check
        _heads = [new SocketResponseHead(clock), new SocketResponseHead(clock)];
    }

    /// <summary>
    /// Takes over a connection whose first bytes, still unread in the socket, are <paramref name="request"/>. Returns
    /// false, having read nothing, when the station is off the air (or the loop is not running) or a listener cap is
    /// reached: the HTTP pipeline then answers, with its problem document.
    /// </summary>
    public async ValueTask<bool> TryTakeAsync(Socket socket, StreamRequest request)
    {
        if (!_broadcast.OnAir || ExecuteTask is null || ExecuteTask.IsCompleted)
        {
            return false;
        }

        // before a slot is taken, so nothing has to be given back if the policy fails
        var crossOrigin = await _crossOrigin.ForGetAsync(request.Origin);

        var address = ClientAddress.PartitionKey(_proxies.ClientOf(((IPEndPoint)socket.RemoteEndPoint!).Address, request.ForwardedFor));
        if (!_slots.TryTake(address, out _))
        {
            return false;
        }

        if (!SocketClients.TryOpen(socket, request.HeadLength, SendBufferBytes))
        {
            _slots.Release(address);
            return true; // the client is gone already
        }

        var listener = _broadcast.Listen();
        var icyMetaInt = request.IcyMetadata ? IcyMetadata.Interval : 0;
        var head = _heads[icyMetaInt > 0 ? 1 : 0].Bytes(
            listener.BitrateKbps, StationStream.Headers(listener.BitrateKbps, icyMetaInt, _settings.Name), crossOrigin);
        _listeners.Add(new SocketClient(socket, new ListenerFeed(listener, icyMetaInt, head), address, _clock.GetTimestamp()));
        return true;
    }

    protected override Task ExecuteAsync(CancellationToken stoppingToken) => _listeners.RunAsync(stoppingToken);

    private void End(SocketClient listener)
    {
        _slots.Release(listener.Address);
        var elapsed = _clock.GetElapsedTime(listener.Started).TotalMilliseconds;
        StationStream.LogRequest(_logger, "GET", StationStream.Path, StatusCodes.Status200OK, elapsed);
    }
}
