using Radio.Domain.Station;
using Radio.Web.Station;

namespace Radio.Web.Events;

/// <summary>
/// What one <c>/radio/events</c> connection served from its socket sends, in order: the response head, the
/// now-playing current when it joined, then every event of the <see cref="EventLog"/> from its position. All three are
/// shared arrays; the connection itself holds only its position and how much of the current event is sent.
/// </summary>
internal sealed class EventFeed(EventLog log, ReadOnlyMemory<byte> head, ReadOnlyMemory<byte> first, long position) : ISocketFeed
{
    private ReadOnlyMemory<byte> _head = head;
    private ReadOnlyMemory<byte> _first = first;
    private long _next = position;
    private byte[]? _current;
    private int _sent; // bytes of the current event already sent

    public StreamEnd? End { get; private set; }

    public ReadOnlyMemory<byte> Pending()
    {
        // checked on every call, also before the first event: a connection that never reads still falls behind
        if (log.IsGone(_next))
        {
            End = StreamEnd.FellBehind;
            return ReadOnlyMemory<byte>.Empty;
        }

        if (!_head.IsEmpty)
        {
            return _head;
        }

        if (!_first.IsEmpty)
        {
            return _first;
        }

        _current = log.TryRead(_next);
        return _current is null ? ReadOnlyMemory<byte>.Empty : _current.AsMemory(_sent);
    }

    public void Advance(int count)
    {
        if (ISocketFeed.TryAdvance(ref _head, count) || ISocketFeed.TryAdvance(ref _first, count))
        {
            return;
        }

        var current = _current ?? throw new InvalidOperationException("Nothing was pending.");
        if ((_sent += count) == current.Length)
        {
            (_next, _sent, _current) = (_next + 1, 0, null);
        }
    }
}
