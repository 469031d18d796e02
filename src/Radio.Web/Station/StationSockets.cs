using System.Globalization;
using System.Net.Sockets;
using System.Text;
using Mediator;
using Radio.Application.Station;
using Radio.Domain.Station;

namespace Radio.Web.Station;

/// <summary>
/// Serves stream listeners straight from their sockets, the way Icecast does: one loop that, whenever the broadcast
/// publishes, sends each listener what it has not had yet, without blocking, and moves on. A listener costs its
/// socket and its <see cref="StationListener"/> position, about 0.9 KB of objects in a heap dump: no HTTP context, no
/// pipes, no buffers and no task of its own, which is what lets one small server carry thousands of listeners.
/// <see cref="StationTransport"/> hands over the connections whose first request is <c>GET /radio/stream</c>.
/// A listener whose socket stays full while the broadcast moves on falls behind and is dropped.
/// </summary>
internal sealed partial class StationSockets(
    Broadcast broadcast, IServiceScopeFactory scopes, StationSettings settings, TimeProvider clock, ILogger<StationSockets> logger)
    : BackgroundService
{
    private const int SendBufferBytes = 64 * 1024;

    // One scope for the transport's lifetime: joining touches nothing scoped (no database), and a scope per connection
    // made most of the garbage a new listener left behind
    private readonly AsyncServiceScope _scope = scopes.CreateAsyncScope();
    private readonly Lock _gate = new();
    private readonly List<SocketListener> _joined = [];
    private readonly ResponseHeadBytes?[] _heads = new ResponseHeadBytes?[2]; // without and with ICY metadata
    private TaskCompletionSource _join = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private bool _stopped; // under _gate: the loop has ended, and closes nobody who joins later
    private int _count;

    /// <summary>Listeners served from their sockets right now.</summary>
    public int Count => Volatile.Read(ref _count);

    /// <summary>
    /// Takes over a connection whose first bytes, still unread in the socket, are <paramref name="request"/>. Returns
    /// false, having read nothing, when the station cannot answer it here (off the air): the HTTP pipeline then does.
    /// </summary>
    public async ValueTask<bool> TryTakeAsync(Socket socket, StreamRequest request, CancellationToken cancellationToken)
    {
        if (!broadcast.OnAir || ExecuteTask is null || ExecuteTask.IsCompleted)
        {
            return false;
        }

        StationListener listener;
        try
        {
            listener = await _scope.ServiceProvider.GetRequiredService<IMediator>()
                .Send(new ListenToStation(request.IcyMetadata), cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return false; // off the air after all (503), or a failure: the pipeline answers with its problem document
        }

        try
        {
            Consume(socket, request.HeadLength);
            socket.Blocking = false; // from here on, a send takes what the socket buffer has room for
            // a fixed send buffer (the kernel doubles it: about 8 s at 128 kbit/s) instead of one that autotunes up to
            // megabytes: kernel memory per listener stays small, and a client that stops reading fills it soon,
            // stops advancing and is dropped once it is MaxLag behind
            socket.SendBufferSize = SendBufferBytes;
        }
        catch (SocketException)
        {
            socket.Dispose();
            return true; // the client is gone already
        }

        var joining = new SocketListener(socket, listener, ResponseHead(listener), clock.GetTimestamp());
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

                Volatile.Write(ref _count, listeners.Count); // the new listeners count before their first bytes go out

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

                Volatile.Write(ref _count, listeners.Count);
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
            Volatile.Write(ref _count, 0);
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

        var elapsed = clock.GetElapsedTime(listener.Started).TotalMilliseconds;
        StationStream.LogRequest(logger, "GET", StationStream.Path, StatusCodes.Status200OK, elapsed);
    }

    public override void Dispose()
    {
        base.Dispose();
        _scope.Dispose();
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
    private byte[] ResponseHead(StationListener listener)
    {
        var slot = listener.IcyMetaInt > 0 ? 1 : 0;
        var now = clock.GetUtcNow();
        var second = now.ToUnixTimeSeconds();
        if (_heads[slot] is { } head && head.BitrateKbps == listener.BitrateKbps && head.Second == second)
        {
            return head.Bytes;
        }

        var text = new StringBuilder().Append(CultureInfo.InvariantCulture, $"HTTP/1.1 200 OK\r\nDate: {now:R}\r\n")
            .Append("Connection: close\r\n"); // the body is the endless stream, ended by closing
        foreach (var (name, value) in StationStream.Headers(listener, settings.Name))
        {
            text.Append(CultureInfo.InvariantCulture, $"{name}: {value}\r\n");
        }

        _heads[slot] = head = new ResponseHeadBytes(listener.BitrateKbps, second, Encoding.UTF8.GetBytes(text.Append("\r\n").ToString()));
        return head.Bytes;
    }

    private sealed record ResponseHeadBytes(int BitrateKbps, long Second, byte[] Bytes);

    [LoggerMessage(Level = LogLevel.Error, Message = "A stream listener failed and was dropped")]
    private static partial void LogListenerFailed(ILogger logger, Exception exception);

    /// <summary>One listener socket: the response head until it is sent, then the broadcast from the listener's position.</summary>
    private sealed class SocketListener(Socket socket, StationListener listener, byte[] head, long started)
    {
        private ReadOnlyMemory<byte> _head = head;

        public long Started => started;

        /// <summary>Sends what the socket takes; false when the stream is over for this listener.</summary>
        public bool Send()
        {
            while (true)
            {
                var pending = _head.IsEmpty ? listener.Pending() : _head;
                if (pending.IsEmpty)
                {
                    return listener.End is null;
                }

                var sent = socket.Send(pending.Span, SocketFlags.None, out var error);
                if (error == SocketError.WouldBlock)
                {
                    return true; // the socket buffer is full: more at the next publish
                }

                if (error != SocketError.Success)
                {
                    return false; // the client went away
                }

                if (_head.IsEmpty)
                {
                    listener.Advance(sent);
                }
                else
                {
                    _head = sent < _head.Length ? _head[sent..] : default;
                }

                if (sent < pending.Length)
                {
                    return true;
                }
            }
        }

        public void Close()
        {
            if (listener.End == StreamEnd.FellBehind)
            {
                socket.LingerState = new LingerOption(true, 0); // reset: nothing more is owed to a stuck client
            }
            else
            {
                try
                {
                    socket.Shutdown(SocketShutdown.Both);
                }
                catch (SocketException)
                {
                    // already gone
                }
            }

            socket.Dispose();
        }
    }
}
