using System.Net.Sockets;

namespace Radio.Web.Station;

/// <summary>
/// Connections served straight from their sockets, the way Icecast serves its listeners: one loop that, whenever
/// there is something new (<c>changed</c>) or a connection joins, sends each connection what it has not had yet,
/// without blocking, and moves on. A connection costs its socket and its <see cref="ISocketFeed"/>: no HTTP context,
/// no pipes, no buffers and no task of its own, which is what lets one small server carry thousands of them (README,
/// Performance). One whose socket stays full while its feed moves on falls behind, its feed ends, and it is reset.
/// The stream (<see cref="StationSockets"/>) and the live events (<c>EventSockets</c>) each run one.
/// </summary>
/// <param name="changed">Completes when there is something new to send: taken before each pass.</param>
/// <param name="ended">Called once for each connection that ends, after it is closed.</param>
/// <param name="clock">Times the closed check.</param>
/// <param name="logger">Where a connection's unexpected failure goes.</param>
/// <param name="closedCheck">
/// How often the loop also looks for connections their clients closed. A closed connection is otherwise noticed at
/// the next send that fails, which for a connection sent something only every few seconds keeps its place (and its
/// socket) long after its client left; null where sends are frequent enough.
/// </param>
internal sealed partial class SocketClients(
    Func<Task> changed, Action<SocketClient> ended, TimeProvider clock, ILogger logger, TimeSpan? closedCheck = null)
{
    private readonly Lock _gate = new();
    private readonly List<SocketClient> _joined = [];
    private TaskCompletionSource _join = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private bool _stopped; // under _gate: the loop has ended, and closes whoever joins later

    /// <summary>
    /// Receives the request, which is already in the socket's receive buffer (it was peeked), and makes the socket's
    /// sends take what its buffer has room for; false, the socket disposed, when the client is gone already.
    /// </summary>
    public static bool TryOpen(Socket socket, int requestLength, int sendBufferBytes)
    {
        try
        {
            Span<byte> discard = stackalloc byte[StreamRequest.MaxHeadLength];
            for (var read = 0; read < requestLength;)
            {
                var n = socket.Receive(discard[..(requestLength - read)]);
                read += n > 0 ? n : throw new SocketException((int)SocketError.ConnectionReset);
            }

            socket.Blocking = false;
            // a fixed send buffer (the kernel doubles it) instead of one that autotunes up to megabytes: kernel memory
            // per connection stays small, and a client that stops reading fills it soon and falls behind
            socket.SendBufferSize = sendBufferBytes;
            return true;
        }
        catch (SocketException)
        {
            socket.Dispose();
            return false;
        }
    }

    /// <summary>Hands a connection to the loop; once the loop has ended it is closed (and <c>ended</c>) at once.</summary>
    public void Add(SocketClient client)
    {
        lock (_gate)
        {
            if (!_stopped)
            {
                _joined.Add(client);
                _join.TrySetResult();
                return;
            }
        }

        End(client); // the server stopped meanwhile
    }

    public async Task RunAsync(CancellationToken stoppingToken)
    {
        var clients = new List<SocketClient>();
        var check = closedCheck is { } first ? Task.Delay(first, clock, stoppingToken) : Task.Delay(Timeout.Infinite, stoppingToken);
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                var next = changed(); // before sending, so what is published meanwhile is not missed
                var checking = closedCheck is not null && check.IsCompleted;
                if (checking)
                {
                    check = Task.Delay(closedCheck!.Value, clock, stoppingToken);
                }

                Task joined;
                lock (_gate)
                {
                    clients.AddRange(_joined);
                    _joined.Clear();
                    if (_join.Task.IsCompleted)
                    {
                        _join = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                    }

                    joined = _join.Task;
                }

                // sends never block, so one pass over thousands of connections takes milliseconds
                for (var i = clients.Count - 1; i >= 0; i--)
                {
                    if (!Send(clients[i]) || checking && clients[i].Closed())
                    {
                        End(clients[i]);
                        clients[i] = clients[^1];
                        clients.RemoveAt(clients.Count - 1);
                    }
                }

                await Task.WhenAny(next, joined, check).WaitAsync(stoppingToken);
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
                clients.AddRange(_joined);
                _joined.Clear();
            }

            clients.ForEach(End);
        }
    }

    /// <summary>One connection's sends; a failure no socket error explains ends that connection only, never the loop.</summary>
    private bool Send(SocketClient client)
    {
        try
        {
            return client.Send();
        }
        catch (Exception e)
        {
            LogFailed(logger, e);
            return false;
        }
    }

    private void End(SocketClient client)
    {
        try
        {
            client.Close();
        }
        catch (Exception e)
        {
            LogFailed(logger, e);
        }

        ended(client);
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "A connection served from its socket failed and was dropped")]
    private static partial void LogFailed(ILogger logger, Exception exception);
}
