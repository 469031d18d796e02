namespace Radio.Domain.Station;

/// <summary>
/// One listener connection's place in the <see cref="Broadcast"/>: which chunk it is sending, how much of it is sent,
/// and its ICY framing. The connection asks for <see cref="Pending"/> bytes, sends what the client takes, and reports
/// it with <see cref="Advance"/>, so a connection that can only send part of a chunk (a full socket buffer) carries on
/// where it stopped.
/// <para>
/// ICY metadata is interleaved as Icecast does it: after every <c>icy-metaint</c> audio bytes comes a metadata block,
/// the full title block the first time and whenever the title changed since the last block sent to this listener,
/// otherwise a single zero byte. The count is per connection and counts audio only.
/// </para>
/// </summary>
public sealed class StationListener
{
    /// <summary>Icecast's default interval between metadata blocks.</summary>
    public const int DefaultIcyMetaInt = 16000;

    private static readonly ReadOnlyMemory<byte> SameTitle = new byte[] { 0 };

    private readonly Broadcast _broadcast;
    private readonly int _airing;
    private readonly int _metaInt;
    private long _next;
    private BroadcastChunk? _current;
    private int _sent; // bytes of the current chunk's audio already sent
    private int _untilMetadata;
    private StreamTitle? _titleSent;
    private ReadOnlyMemory<byte> _metadata; // what is left to send of a metadata block

    internal StationListener(Broadcast broadcast, int airing, long start, int bitrateKbps, int icyMetaInt)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(icyMetaInt);
        _broadcast = broadcast;
        _airing = airing;
        _next = start;
        _metaInt = _untilMetadata = icyMetaInt;
        BitrateKbps = bitrateKbps;
    }

    /// <summary>The bitrate when the listener joined, for the <c>icy-br</c> header.</summary>
    public int BitrateKbps { get; }

    /// <summary>Audio bytes between metadata blocks; 0 without ICY metadata.</summary>
    public int IcyMetaInt => _metaInt;

    /// <summary>Why the stream is over, once it is; a connection with nothing pending and no end waits for <see cref="Broadcast.Changed"/>.</summary>
    public StreamEnd? End { get; private set; }

    /// <summary>The next bytes to send: empty when the listener is live (or the stream is over, see <see cref="End"/>).</summary>
    public ReadOnlyMemory<byte> Pending()
    {
        // checked on every call, also halfway through a chunk: a stalled connection is always halfway through one
        switch (_broadcast.TryRead(_next, _airing, out var chunk))
        {
            case ChunkState.Gone:
                End = StreamEnd.FellBehind;
                return ReadOnlyMemory<byte>.Empty;
            case ChunkState.OffAir:
                End = StreamEnd.OffAir;
                return ReadOnlyMemory<byte>.Empty;
        }

        if (!_metadata.IsEmpty)
        {
            return _metadata;
        }

        if (chunk is null)
        {
            return ReadOnlyMemory<byte>.Empty; // live: nothing new yet
        }

        _current = chunk;
        var audio = chunk.Audio[_sent..];
        return _metaInt > 0 && audio.Length > _untilMetadata ? audio[.._untilMetadata] : audio;
    }

    /// <summary>Records that the first <paramref name="count"/> bytes of <see cref="Pending"/> were sent.</summary>
    public void Advance(int count)
    {
        if (!_metadata.IsEmpty)
        {
            _metadata = _metadata[count..];
            return;
        }

        var chunk = _current ?? throw new InvalidOperationException("Nothing was pending.");
        _sent += count;
        if (_metaInt > 0)
        {
            _untilMetadata -= count;
            if (_untilMetadata == 0)
            {
                _metadata = ReferenceEquals(chunk.Title, _titleSent) ? SameTitle : chunk.Title.IcyBlock;
                _titleSent = chunk.Title;
                _untilMetadata = _metaInt;
            }
        }

        if (_sent == chunk.Audio.Length)
        {
            (_current, _sent) = (null, 0);
            _next++;
        }
    }
}

/// <summary>Why a listener's stream ended.</summary>
public enum StreamEnd
{
    /// <summary>The station went off the air (an empty library, or shutdown).</summary>
    OffAir,

    /// <summary>The listener fell more than the broadcast's maximum lag behind: the connection is dropped.</summary>
    FellBehind,
}
