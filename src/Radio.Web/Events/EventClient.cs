using System.Net.ServerSentEvents;
using System.Threading.Channels;

namespace Radio.Web.Events;

/// <summary>
/// One <c>/radio/events</c> connection as <see cref="LiveEvents"/> sees it: the events built for every client that
/// this one has not yet sent, shared strings and at most <see cref="Buffer"/> of them. A client whose buffer is full
/// has stopped reading (its socket and the server's response buffer are full too): it is dropped, and nobody waits.
/// </summary>
internal sealed class EventClient(string address, Action abort)
{
    public const int Buffer = 32;

    private readonly Channel<SseItem<string>> _pending = Channel.CreateBounded<SseItem<string>>(
        new BoundedChannelOptions(Buffer) { SingleReader = true, FullMode = BoundedChannelFullMode.Wait });

    /// <summary>The client address its place counts for (a <see cref="Common.ClientAddress"/> key).</summary>
    public string Address => address;

    public ChannelReader<SseItem<string>> Pending => _pending.Reader;

    /// <summary>Queues an event; false when the buffer is full.</summary>
    public bool TryWrite(SseItem<string> item) => _pending.Writer.TryWrite(item);

    /// <summary>Ends the connection at once, whatever it is waiting for.</summary>
    public void Drop()
    {
        _pending.Writer.TryComplete();
        abort();
    }
}
