using System.Net.ServerSentEvents;

namespace Radio.Web.Events;

/// <summary>
/// The clients of <see cref="LiveEvents"/>, on both paths, and how an event reaches them: its bytes into the
/// <see cref="EventLog"/> for those served from their sockets, its string into each pipeline client's buffer.
/// </summary>
internal sealed partial class LiveEvents
{
    /// <summary>How long clients that join share the now-playing built for the first of them, its position included.</summary>
    private static readonly TimeSpan JoiningReuse = TimeSpan.FromMilliseconds(250);

    private readonly HashSet<EventClient> _clients = []; // under _gate: the pipeline's
    private readonly EventLog _log = new(); // appended under _gate
    private int _socketClients; // under _gate
    private Joining? _joining; // under _gate: the now-playing the latest client got, while it is current

    /// <summary>Completes at the next event: take it before reading the log.</summary>
    public Task Published => _log.Published;

    /// <summary>The clients connected, on both paths.</summary>
    public int Clients
    {
        get
        {
            lock (_gate)
            {
                return _clients.Count + _socketClients;
            }
        }
    }

    /// <summary>
    /// A new pipeline client, its buffer holding the current now-playing (at its current position); null before the
    /// first now-playing or when <see cref="EventsOptions.MaxClients"/> are connected. <paramref name="abort"/> ends
    /// its connection.
    /// </summary>
    public EventClient? TryJoin(Action abort)
    {
        lock (_gate)
        {
            if (Current() is not { } current)
            {
                return null;
            }

            var client = new EventClient(abort);
            client.TryWrite(current.Item);
            _clients.Add(client);
            return client;
        }
    }

    /// <summary>
    /// A new client served from its socket: <paramref name="head"/>, the current now-playing, then the events from
    /// now on; null before the first now-playing or when <see cref="EventsOptions.MaxClients"/> are connected.
    /// </summary>
    public EventFeed? TryJoin(ReadOnlyMemory<byte> head)
    {
        lock (_gate)
        {
            if (Current() is not { } current)
            {
                return null;
            }

            _socketClients++;
            return new EventFeed(_log, head, current.Bytes, _log.Next);
        }
    }

    public void Leave(EventClient client)
    {
        lock (_gate)
        {
            _clients.Remove(client);
        }
    }

    /// <summary>Gives back the place of a client that <see cref="TryJoin(ReadOnlyMemory{byte})"/> gave, once.</summary>
    public void Leave(EventFeed client)
    {
        lock (_gate)
        {
            _socketClients--;
        }
    }

    /// <summary>
    /// Hands the event to every client (when <paramref name="update"/>, run under the same lock as joining, says so);
    /// the clients that cannot take it are dropped.
    /// </summary>
    private void Publish(SseItem<string> item, Func<bool>? update = null)
    {
        var bytes = SseBytes.Encode(item);
        List<EventClient>? dropped = null;
        lock (_gate)
        {
            if (update?.Invoke() == false)
            {
                return;
            }

            _log.Append(bytes);

            foreach (var client in _clients)
            {
                if (!client.TryWrite(item))
                {
                    (dropped ??= []).Add(client);
                }
            }

            dropped?.ForEach(c => _clients.Remove(c));
        }

        foreach (var client in dropped ?? [])
        {
            LogDropped(logger);
            client.Drop();
        }
    }

    /// <summary>
    /// The now-playing for a client that joins now, at its current position, shared with those who join soon after;
    /// null before the first now-playing or at the cap. Under <see cref="_gate"/>.
    /// </summary>
    private Joining? Current()
    {
        if (_nowPlaying is null || _clients.Count + _socketClients >= options.Value.MaxClients)
        {
            return null;
        }

        if (_joining is { } joining && clock.GetElapsedTime(joining.Built) < JoiningReuse)
        {
            return joining;
        }

        var current = _nowPlaying with
        {
            PositionSeconds = _nowPlaying.StartedAt is { } started ? (clock.GetUtcNow() - started).TotalSeconds : 0,
            Listeners = _listeners,
        };
        var item = NowPlaying(current, _sequence);
        return _joining = new Joining(item, SseBytes.Encode(item), clock.GetTimestamp());
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "A live-events client stopped reading and was dropped")]
    public static partial void LogDropped(ILogger logger);

    /// <summary>The now-playing for joining clients, as a pipeline item and as bytes, and when it was built.</summary>
    private sealed record Joining(SseItem<string> Item, byte[] Bytes, long Built);
}
