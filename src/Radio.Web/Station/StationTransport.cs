using System.Buffers;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Runtime.CompilerServices;
using System.Threading.Channels;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Server.Kestrel.Transport.Sockets;
using Microsoft.Extensions.Options;
using Radio.Web.Events;

namespace Radio.Web.Station;

/// <summary>
/// Kestrel's socket transport with one addition: a connection whose first request is <c>GET /radio/stream</c> goes
/// to <see cref="StationSockets"/>, and one whose first request is <c>GET /radio/events</c> to
/// <see cref="EventSockets"/>, instead of the HTTP pipeline. Kestrel keeps its state per connection (pipes, HTTP
/// parser, request context) for as long as the response lasts, and a listener's lasts for hours: many times what
/// Icecast keeps (README, Performance). The transport accepts each TCP connection itself and peeks at its first bytes
/// without reading them; every other connection is wrapped by Kestrel's own <see cref="SocketConnectionContextFactory"/>
/// and served exactly as before, request bytes still unread. Endpoints configured for HTTPS (<c>urls</c>,
/// <c>https_ports</c>, <c>Kestrel:Endpoints:*:Url</c>) are left to Kestrel's own transport, so a plain request sent to
/// a TLS port is never answered in plain text; there, and for whatever else the socket path does not take,
/// <see cref="StationStream"/> and <see cref="LiveEventsEndpoint"/> serve through the pipeline.
/// </summary>
internal sealed class StationTransport(
    IOptions<SocketTransportOptions> options, StationSockets stations, EventSockets events, IConfiguration configuration,
    ILoggerFactory loggers)
    : IConnectionListenerFactory, IConnectionListenerFactorySelector
{
    private readonly HashSet<int> _httpsPorts = HttpsPorts(configuration);

    /// <summary>
    /// How long the kernel holds a silent new connection before accepting it (Linux), and then how long the transport
    /// waits for its first bytes before the HTTP pipeline takes it, with its own timeouts.
    /// </summary>
    private static readonly TimeSpan FirstBytesTimeout = TimeSpan.FromSeconds(1);

    public bool CanBind(EndPoint endpoint) => endpoint is IPEndPoint ip && !_httpsPorts.Contains(ip.Port);

    public ValueTask<IConnectionListener> BindAsync(EndPoint endpoint, CancellationToken cancellationToken = default)
    {
        var o = options.Value;
        var socket = o.CreateBoundListenSocket(endpoint);
        DeferAccept(socket);
        socket.Listen(o.Backlog);
        var contexts = new SocketConnectionContextFactory(
            KestrelsConnectionOptions(o), loggers.CreateLogger("Microsoft.AspNetCore.Server.Kestrel.Transport.Sockets"));
        return ValueTask.FromResult<IConnectionListener>(new Listener(socket, contexts, stations, events, o.NoDelay));
    }

    /// <summary>
    /// The connection options Kestrel's own transport derives from <paramref name="options"/>, by the same internal
    /// constructor: options filled in through the public properties cannot carry the memory pool Kestrel configures
    /// (<c>IMemoryPoolFactory&lt;byte&gt;</c>) nor <c>FinOnError</c>, and fall back to <c>MemoryPool&lt;byte&gt;.Shared</c>.
    /// The request bodies of the connections wrapped here then pass through the shared array pool's arrays, ordinary
    /// heap arrays pinned for each receive, instead of the pinned blocks Kestrel's pool keeps for reuse, and a large
    /// upload grew the process with it (README, Performance). A Kestrel without this constructor makes binding throw,
    /// so the server does not start with another pool.
    /// </summary>
    [UnsafeAccessor(UnsafeAccessorKind.Constructor)]
    internal static extern SocketConnectionFactoryOptions KestrelsConnectionOptions(SocketTransportOptions options);

    /// <summary>
    /// Linux's TCP_DEFER_ACCEPT (nginx's <c>deferred</c>): a connection is accepted once its first bytes have arrived
    /// (or after <see cref="FirstBytesTimeout"/>), so its request can nearly always be peeked at without waiting. It
    /// only saves memory: where the kernel refuses it, connections are accepted at once as everywhere else.
    /// </summary>
    private static void DeferAccept(Socket socket)
    {
        if (!OperatingSystem.IsLinux())
        {
            return;
        }

        const int IpProtoTcp = 6, TcpDeferAccept = 9;
        try
        {
            socket.SetRawSocketOption(IpProtoTcp, TcpDeferAccept, BitConverter.GetBytes((int)FirstBytesTimeout.TotalSeconds));
        }
        catch (SocketException)
        {
            // a kernel or sandbox without it: the peek waits for the request instead
        }
    }

    private static HashSet<int> HttpsPorts(IConfiguration configuration)
    {
        const StringSplitOptions Split = StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries;
        var urls = (configuration["urls"] ?? string.Empty).Split(';', Split)
            .Concat(configuration.GetSection("Kestrel:Endpoints").GetChildren().Select(e => e["Url"] ?? string.Empty))
            .Where(url => url.StartsWith("https://", StringComparison.OrdinalIgnoreCase))
            .Select(url => BindingAddress.Parse(url).Port);
        var ports = (configuration["https_ports"] ?? string.Empty).Split(';', Split)
            .Select(port => int.TryParse(port, CultureInfo.InvariantCulture, out var p) ? p : -1);
        return [.. urls, .. ports];
    }

    private sealed class Listener : IConnectionListener
    {
        private readonly Socket _socket;
        private readonly SocketConnectionContextFactory _contexts;
        private readonly StationSockets _stations;
        private readonly EventSockets _events;
        private readonly bool _noDelay;
        private readonly Channel<ConnectionContext> _accepted = Channel.CreateUnbounded<ConnectionContext>(
            new UnboundedChannelOptions { SingleReader = true });
        private readonly CancellationTokenSource _unbound = new();
        private readonly Task _accepting;

        public Listener(
            Socket socket, SocketConnectionContextFactory contexts, StationSockets stations, EventSockets events, bool noDelay)
        {
            (_socket, _contexts, _stations, _events, _noDelay) = (socket, contexts, stations, events, noDelay);
            EndPoint = socket.LocalEndPoint!;
            _accepting = AcceptAllAsync();
        }

        public EndPoint EndPoint { get; }

        /// <summary>The next connection for Kestrel; null once unbound, which stops Kestrel accepting.</summary>
        public async ValueTask<ConnectionContext?> AcceptAsync(CancellationToken cancellationToken = default) =>
            await _accepted.Reader.WaitToReadAsync(cancellationToken) && _accepted.Reader.TryRead(out var connection)
                ? connection
                : null;

        public async ValueTask UnbindAsync(CancellationToken cancellationToken = default)
        {
            await _unbound.CancelAsync();
            _socket.Dispose();
            await _accepting;
        }

        public async ValueTask DisposeAsync()
        {
            // _unbound is not disposed: connections still being sorted read its token (it has no timer to release)
            await UnbindAsync();
            while (_accepted.Reader.TryRead(out var connection))
            {
                await connection.DisposeAsync();
            }

            _contexts.Dispose();
        }

        private async Task AcceptAllAsync()
        {
            while (!_unbound.IsCancellationRequested)
            {
                Socket connection;
                try
                {
                    connection = await _socket.AcceptAsync(_unbound.Token);
                }
                catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException || _unbound.IsCancellationRequested)
                {
                    break;
                }
                catch (SocketException)
                {
                    continue; // reset before it was accepted, as Kestrel's own transport ignores it
                }

                _ = SortAsync(connection);
            }

            _accepted.Writer.TryComplete();
        }

        /// <summary>Stream listeners to <see cref="StationSockets"/>, event clients to <see cref="EventSockets"/>, everything else to Kestrel.</summary>
        private async Task SortAsync(Socket connection)
        {
            connection.NoDelay = _noDelay;
            var head = ArrayPool<byte>.Shared.Rent(StreamRequest.MaxHeadLength);
            try
            {
                // accepts are deferred until the request is in (see DeferAccept): only wait for it, which costs a
                // timer and async receive state that the socket then keeps, when it is not
                var peeked = PeekNow(connection, head) ?? await PeekAsync(connection, head);
                if (StreamRequest.TryParse(head.AsSpan(0, peeked), out var request)
                    && (request.Path == LiveEventsEndpoint.Path ? await _events.TryTakeAsync(connection, request) : await _stations.TryTakeAsync(connection, request)))
                {
                    return;
                }
            }
            catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                // silent, or already gone: Kestrel's connection handling deals with either
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(head);
            }

            try
            {
                if (_unbound.IsCancellationRequested || !_accepted.Writer.TryWrite(_contexts.Create(connection)))
                {
                    connection.Dispose();
                }
            }
            catch (ObjectDisposedException)
            {
                connection.Dispose(); // the listener was disposed meanwhile
            }
        }

        /// <summary>The bytes already received, without waiting or reading them; null when there are none yet.</summary>
        private static int? PeekNow(Socket connection, byte[] head)
        {
            connection.Blocking = false;
            var peeked = connection.Receive(head, 0, StreamRequest.MaxHeadLength, SocketFlags.Peek, out var error);
            connection.Blocking = true;
            return error switch
            {
                SocketError.Success => peeked,
                SocketError.WouldBlock => null,
                _ => throw new SocketException((int)error),
            };
        }

        private async Task<int> PeekAsync(Socket connection, byte[] head)
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(_unbound.Token);
            timeout.CancelAfter(FirstBytesTimeout);
            return await connection.ReceiveAsync(head.AsMemory(0, StreamRequest.MaxHeadLength), SocketFlags.Peek, timeout.Token);
        }
    }
}
