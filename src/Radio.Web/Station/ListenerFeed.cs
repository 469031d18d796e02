using Radio.Domain.Station;

namespace Radio.Web.Station;

/// <summary>
/// What one listener connection sends, in order: the response head where the connection writes its own (the socket
/// path), then the broadcast from the listener's position, with ICY metadata interleaved as Icecast does it when the
/// client asked for it: after every <c>icy-metaint</c> audio bytes a metadata block, the full title block the first
/// time and whenever the title changed since the last block sent to this listener, otherwise a single zero byte. The
/// count is per connection and counts audio only. Like <see cref="StationListener"/>, it hands out what is pending and
/// is told how much of it was sent, so a send cut short anywhere resumes where it stopped.
/// </summary>
internal sealed class ListenerFeed : ISocketFeed
{
    private readonly StationListener _listener;
    private readonly int _metaInt;
    private ReadOnlyMemory<byte> _head;
    private ReadOnlyMemory<byte> _metadata; // what is left to send of a metadata block
    private int _untilMetadata;
    private StreamTitle? _titleSent;

    /// <param name="listener">The listener's place in the broadcast.</param>
    /// <param name="icyMetaInt">Audio bytes between metadata blocks; 0 without ICY metadata.</param>
    /// <param name="head">Sent before the audio.</param>
    public ListenerFeed(StationListener listener, int icyMetaInt, ReadOnlyMemory<byte> head = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(icyMetaInt);
        (_listener, _metaInt, _untilMetadata, _head) = (listener, icyMetaInt, icyMetaInt, head);
    }

    /// <inheritdoc cref="StationListener.End"/>
    public StreamEnd? End => _listener.End;

    /// <summary>The next bytes to send: empty when the listener is live (or the stream is over, see <see cref="End"/>).</summary>
    public ReadOnlyMemory<byte> Pending()
    {
        if (!_head.IsEmpty)
        {
            return _head;
        }

        // asked also while a block is pending: a connection stalled in the middle of one still falls behind
        var audio = _listener.Pending();
        if (_listener.End is not null)
        {
            return ReadOnlyMemory<byte>.Empty;
        }

        if (!_metadata.IsEmpty)
        {
            return _metadata;
        }

        return _metaInt > 0 && audio.Length > _untilMetadata ? audio[.._untilMetadata] : audio;
    }

    /// <summary>Records that the first <paramref name="count"/> bytes of <see cref="Pending"/> were sent.</summary>
    public void Advance(int count)
    {
        if (ISocketFeed.TryAdvance(ref _head, count) || ISocketFeed.TryAdvance(ref _metadata, count))
        {
            return;
        }

        var title = _listener.Advance(count);
        if (_metaInt > 0 && (_untilMetadata -= count) == 0)
        {
            _metadata = ReferenceEquals(title, _titleSent) ? IcyMetadata.SameTitle : IcyMetadata.BlockFor(title);
            _titleSent = title;
            _untilMetadata = _metaInt;
        }
    }
}
