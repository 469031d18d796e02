namespace Radio.Domain.Station;

/// <summary>
/// One listener connection's place in the <see cref="Broadcast"/>: which chunk it is sending and how much of it is
/// sent. The connection asks for the <see cref="Pending"/> audio, sends what the client takes, and reports it with
/// <see cref="Advance"/>, so a connection that can only send part of a chunk (a full socket buffer) carries on where
/// it stopped.
/// </summary>
public sealed class StationListener
{
    private readonly Broadcast _broadcast;
    private readonly int _airing;
    private long _next;
    private BroadcastChunk? _current;
    private int _sent; // bytes of the current chunk's audio already sent

    internal StationListener(Broadcast broadcast, int airing, long start, int bitrateKbps)
    {
        _broadcast = broadcast;
        _airing = airing;
        _next = start;
        BitrateKbps = bitrateKbps;
    }

    /// <summary>The bitrate when the listener joined, for the <c>icy-br</c> header.</summary>
    public int BitrateKbps { get; }

    /// <summary>Why the stream is over, once it is; a connection with nothing pending and no end waits for <see cref="Broadcast.Changed"/>.</summary>
    public StreamEnd? End { get; private set; }

    /// <summary>The next audio to send: empty when the listener is live (or the stream is over, see <see cref="End"/>).</summary>
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

        if (chunk is null)
        {
            return ReadOnlyMemory<byte>.Empty; // live: nothing new yet
        }

        _current = chunk;
        return chunk.Audio[_sent..];
    }

    /// <summary>Records that the first <paramref name="count"/> bytes of <see cref="Pending"/> were sent.</summary>
    /// <returns>The title those bytes are audio of.</returns>
    public StreamTitle Advance(int count)
    {
        var chunk = _current ?? throw new InvalidOperationException("Nothing was pending.");
        _sent += count;
        if (_sent == chunk.Audio.Length)
        {
            (_current, _sent) = (null, 0);
            _next++;
        }

        return chunk.Title;
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
