using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Radio.Application.Station;
using Radio.Domain.Station;
using Radio.Web.Common;

namespace Radio.Web.Station;

/// <summary>
/// Serves stream listeners straight from their sockets, the way Icecast does: one loop that, whenever the broadcast
/// publishes, sends each listener what it has not had yet, without blocking, and moves on. A listener costs its
/// socket and its <see cref="ListenerFeed"/>: no HTTP context, no pipes, no buffers and no task of its own, which is
/// what lets one small server carry thousands of listeners (README, Performance). <see cref="StationTransport"/> hands
/// over the connections whose first request is <c>GET /radio/stream</c>. A listener whose socket stays full while the
/// broadcast moves on falls behind and is dropped. Its listeners count in <see cref="ListenerSlots"/>, by the client
/// address <see cref="ReverseProxies"/> finds behind a trusted proxy, as the pipeline's do.
/// </summary>
internal sealed partial class StationSockets(
    Broadcast broadcast, StationOptions settings, ListenerSlots slots, ReverseProxies proxies, TimeProvider clock,
    ILogger<StationSockets> logger) : BackgroundService
{
    private const int SendBufferBytes = 64 * 1024;

    private readonly Lock _gate = new();
    private readonly List<SocketListener> _joined = [];
    private readonly ResponseHeadBytes?[] _heads = new ResponseHeadBytes?[2]; // without and with ICY metadata
    private TaskCompletionSource _join = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private bool _stopped; // under _gate: the loop has ended, and closes nobody who joins later

    /// <summary>
    /// Takes over a connection whose first bytes, still unread in the socket, are <paramref name="request"/>. Returns
    /// false, having read nothing, when the station is off the air (or the loop is not running) or a listener cap is
    /// reached: the HTTP pipeline then answers, with its problem document.
    /// </summary>
    public bool TryTake(Socket socket, StreamRequest request)
    {
        if (!broadcast.OnAir || ExecuteTask is null || ExecuteTask.IsCompleted)
        {
            return false;
        }

        var address = ClientAddress.PartitionKey(proxies.ClientOf(((IPEndPoint)socket.RemoteEndPoint!).Address, request.ForwardedFor));
        if (!slots.TryTake(address, out _))
        {
            return false;
        }

        try
        {
            Consume(socket, request.HeadLength);
            socket.Blocking = false; // from here on, a send takes what the socket buffer has room for
            // a fixed send buffer (the kernel doubles it) instead of one that autotunes up to megabytes: kernel memory
            // per listener stays small, and a client that stops reading fills it soon, stops advancing and is dropped
            // once it is MaxLag behind
            socket.SendBufferSize = SendBufferBytes;
        }
        catch (SocketException)
        {
            slots.Release(address);
            socket.Dispose();
            return true; // the client is gone already
        }

        var listener = broadcast.Listen();
        var icyMetaInt = request.IcyMetadata ? IcyMetadata.Interval : 0;
        var feed = new ListenerFeed(listener, icyMetaInt, ResponseHead(listener.BitrateKbps, icyMetaInt));
        var joining = new SocketListener(socket, feed, address, clock.GetTimestamp());
        lock (_gate)
        {
            if (!_stopped)
            {
                _joined.Add(joining);
                _join.TrySetResult();
                return true;
            }
        }

        joining.Close(); // the server stopped meanwhile
        slots.Release(address);
        return true;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var listeners = new List<SocketListener>();
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                var changed = broadcast.Changed;
                Task joined;
                lock (_gate)
                {
                    listeners.AddRange(_joined);
                    _joined.Clear();
                    if (_join.Task.IsCompleted)
                    {
                        _join = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                    }

                    joined = _join.Task;
                }

                // sends never block, so one pass over thousands of listeners takes milliseconds
                for (var i = listeners.Count - 1; i >= 0; i--)
                {
                    if (!Send(listeners[i]))
                    {
                        End(listeners[i]);
                        listeners[i] = listeners[^1];
                        listeners.RemoveAt(listeners.Count - 1);
                    }
                }

                await Task.WhenAny(changed, joined).WaitAsync(stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // the server is stopping: below
        }
        finally
        {
            lock (_gate)
            {
                _stopped = true;
                listeners.AddRange(_joined);
                _joined.Clear();
            }

            listeners.ForEach(End);
        }
    }

    /// <summary>One listener's sends; a failure no socket error explains ends that listener only, never the loop.</summary>
    private bool Send(SocketListener listener)
    {
        try
        {
            return listener.Send();
        }
        catch (Exception e)
        {
            LogListenerFailed(logger, e);
            return false;
        }
    }

    private void End(SocketListener listener)
    {
        try
        {
            listener.Close();
        }
        catch (Exception e)
        {
            LogListenerFailed(logger, e);
        }

        slots.Release(listener.Address);
        var elapsed = clock.GetElapsedTime(listener.Started).TotalMilliseconds;
        StationStream.LogRequest(logger, "GET", StationStream.Path, StatusCodes.Status200OK, elapsed);
    }

    /// <summary>Receives the request, which is already in the socket's receive buffer (it was peeked).</summary>
    private static void Consume(Socket socket, int length)
    {
        Span<byte> discard = stackalloc byte[StreamRequest.MaxHeadLength];
        for (var read = 0; read < length;)
        {
            var n = socket.Receive(discard[..(length - read)]);
            read += n > 0 ? n : throw new SocketException((int)SocketError.ConnectionReset);
        }
    }

    /// <summary>
    /// The response head: it changes only with the second in its <c>Date</c> and with the bitrate, so listeners who
    /// join within the same second share one array.
    /// </summary>
    private byte[] ResponseHead(int bitrateKbps, int icyMetaInt)
    {
        var slot = icyMetaInt > 0 ? 1 : 0;
        var now = clock.GetUtcNow();
        var second = now.ToUnixTimeSeconds();
        if (_heads[slot] is { } head && head.BitrateKbps == bitrateKbps && head.Second == second)
        {
            return head.Bytes;
        }

        var text = new StringBuilder().Append(CultureInfo.InvariantCulture, $"HTTP/1.1 200 OK\r\nDate: {now:R}\r\n")
            .Append("Connection: close\r\n"); // the body is the endless stream, ended by closing
        foreach (var (name, value) in StationStream.Headers(bitrateKbps, icyMetaInt, settings.Name))
        {
            text.Append(CultureInfo.InvariantCulture, $"{name}: {value}\r\n");
        }

        _heads[slot] = head = new ResponseHeadBytes(bitrateKbps, second, Encoding.UTF8.GetBytes(text.Append("\r\n").ToString()));
        return head.Bytes;
    }

    private sealed record ResponseHeadBytes(int BitrateKbps, long Second, byte[] Bytes);

    [LoggerMessage(Level = LogLevel.Error, Message = "A stream listener failed and was dropped")]
    private static partial void LogListenerFailed(ILogger logger, Exception exception);

    /// <summary>One listener socket and what it is owed.</summary>
    private readonly record struct SocketListener(Socket Socket, ListenerFeed Feed, string Address, long Started)
    {
        /// <summary>Sends what the socket takes; false when the stream is over for this listener.</summary>
        public bool Send()
        {
            while (true)
            {
                var pending = Feed.Pending();
                if (pending.IsEmpty)
                {
                    return Feed.End is null;
                }

                var sent = Socket.Send(pending.Span, SocketFlags.None, out var error);
                if (error == SocketError.WouldBlock)
                {
                    return true; // the socket buffer is full: more at the next publish
                }

                if (error != SocketError.Success)
                {
                    return false; // the client went away
                }

                Feed.Advance(sent);
                if (sent < pending.Length)
                {
                    return true;
                }
            }
        }

        public void Close()
        {
            if (Feed.End == StreamEnd.FellBehind)
            {
                Socket.LingerState = new LingerOption(true, 0); // reset: nothing more is owed to a stuck client
            }
            else
            {
                try
                {
                    Socket.Shutdown(SocketShutdown.Both);
                }
                catch (SocketException)
                {
                    // already gone
                }
            }

            Socket.Dispose();
        }
    }
}
