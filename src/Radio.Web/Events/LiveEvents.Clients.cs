using System.Net.ServerSentEvents;
using Radio.Web.Station;

namespace Radio.Web.Events;

/// <summary>
/// The clients of <see cref="LiveEvents"/>, on both paths, and how an event reaches them: its bytes into the
/// <see cref="EventLog"/> for those served from their sockets, its string into each pipeline client's buffer.
/// </summary>
internal sealed partial class LiveEvents
{
    /// <summary>How long clients that join share the now-playing built for the first of them, its position included.</summary>
    private static readonly TimeSpan JoiningReuse = TimeSpan.FromMilliseconds(250);

    private static readonly ListenerSlots.Refusals Refusals = new(
        "The station has as many live-event clients as it serves: try again later.",
        "Your address has as many live-event connections open as it may: close one, or try again later.");

    private readonly HashSet<EventClient> _clients = []; // under _gate: the pipeline's
    private readonly EventLog _log = new(); // appended under _gate
    private readonly ListenerSlots _slots = new(options.Value.MaxClients, options.Value.MaxClientsPerAddress, Refusals);
    private Joining? _joining; // under _gate: the now-playing the latest client got, while it is current

    /// <summary>Completes at the next event: take it before reading the log.</summary>
    public Task Published => _log.Published;

    /// <summary>The clients connected, on both paths.</summary>
    public int Clients => _slots.Count;

    /// <summary>
    /// A new pipeline client from <paramref name="address"/> (a <see cref="Common.ClientAddress"/> key), its buffer
    /// holding the current now-playing (at its current position); null before the first now-playing, or with the
    /// <paramref name="refusal"/> when <see cref="EventsOptions.MaxClients"/> in all or
    /// <see cref="EventsOptions.MaxClientsPerAddress"/> from its address are connected. <paramref name="abort"/> ends
    /// its connection.
    /// </summary>
    public EventClient? TryJoin(string address, Action abort, out string refusal)
    {
        lock (_gate)
        {
            if (TryTake(address, out refusal) is not { } current)
            {
                return null;
            }

            var client = new EventClient(address, abort);
            client.TryWrite(current.Item);
            _clients.Add(client);
            return client;
        }
    }

    /// <summary>
    /// A new client from <paramref name="address"/> served from its socket: <paramref name="head"/>, the current
    /// now-playing, then the events from now on; null before the first now-playing or at either cap.
    /// </summary>
    public EventFeed? TryJoin(string address, ReadOnlyMemory<byte> head)
    {
        lock (_gate)
        {
            return TryTake(address, out _) is { } current ? new EventFeed(_log, head, current.Bytes, _log.Next) : null;
        }
    }

    /// <summary>Gives back the place of a client that <see cref="TryJoin(string, Action, out string)"/> gave, once.</summary>
    public void Leave(EventClient client)
    {
        lock (_gate)
        {
            _clients.Remove(client);
        }

        _slots.Release(client.Address);
    }

    /// <summary>Gives back the place of a client from <paramref name="address"/> that
    /// <see cref="TryJoin(string, ReadOnlyMemory{byte})"/> gave, once.</summary>
    public void Leave(string address) => _slots.Release(address);

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
    /// Takes a place for a client from <paramref name="address"/> and gives the now-playing for it, at its current
    /// position, shared with those who join soon after; null, taking nothing, before the first now-playing or at a cap
    /// (with the <paramref name="refusal"/>). Under <see cref="_gate"/>.
    /// </summary>
    private Joining? TryTake(string address, out string refusal)
    {
        refusal = string.Empty;
        if (_nowPlaying is null || !_slots.TryTake(address, out refusal))
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
