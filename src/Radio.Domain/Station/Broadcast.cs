namespace Radio.Domain.Station;

/// <summary>
/// The station's live audio, produced once and shared by every listener connection, as Icecast shares its
/// buffers: the producer publishes immutable chunks of whole MP3 frames into one ring, and each listener is only a
/// position in that ring (<see cref="StationListener"/>), so no listener reads a file, copies another's data or
/// holds a queue of its own. A new listener starts <see cref="BroadcastOptions.Burst"/> back, so playback starts at
/// once. The ring keeps the burst plus <see cref="BroadcastOptions.MaxLag"/>; a listener whose position has left it
/// is evicted, and nobody ever waits for it. Publishing takes a lock; reading does not.
/// </summary>
public sealed class Broadcast(BroadcastOptions options)
{
    private readonly Lock _gate = new();
    private readonly BroadcastChunk?[] _ring = new BroadcastChunk?[options.RingCapacity];
    private long _published; // chunks published so far: the sequence number of the next one
    private int _airing; // going off air ends every listener of the airing before
    private TaskCompletionSource _changed = NewSignal();

    /// <summary>Whether audio is being produced (the library has songs and the producer runs).</summary>
    public bool OnAir { get; private set; }

    public BroadcastOptions Options => options;

    /// <summary>Completes at the next <see cref="Publish"/> or <see cref="GoOffAir"/>: take it before reading.</summary>
    public Task Changed => Volatile.Read(ref _changed).Task;

    /// <summary>Adds a chunk to the ring for every listener, and for the burst of listeners who join later.</summary>
    public void Publish(BroadcastChunk chunk)
    {
        TaskCompletionSource changed;
        lock (_gate)
        {
            OnAir = true;
            // the slot reused here held the oldest chunk, which readers already treat as gone (see TryRead)
            Volatile.Write(ref _ring[_published % _ring.Length], chunk);
            Volatile.Write(ref _published, _published + 1);
            changed = Volatile.Read(ref _changed);
            Volatile.Write(ref _changed, NewSignal());
        }

        changed.SetResult();
    }

    /// <summary>Stops the broadcast (an empty library, or shutdown): current listeners' streams end.</summary>
    public void GoOffAir()
    {
        TaskCompletionSource changed;
        lock (_gate)
        {
            OnAir = false;
            Interlocked.Increment(ref _airing);
            Array.Clear(_ring); // songs no longer played are not kept in memory
            changed = Volatile.Read(ref _changed);
            Volatile.Write(ref _changed, NewSignal());
        }

        changed.SetResult();
    }

    /// <summary>
    /// A new listener, positioned at the start of the recent burst. It holds nothing of the broadcast's: a connection
    /// that ends simply drops it.
    /// </summary>
    public StationListener Listen()
    {
        lock (_gate)
        {
            var start = _published;
            var burst = TimeSpan.Zero;
            while (start > 0 && _published - start < _ring.Length - 1 && burst < options.Burst
                   && _ring[(start - 1) % _ring.Length] is { } earlier)
            {
                burst += earlier.Duration;
                start--;
            }

            var latest = _published > 0 ? _ring[(_published - 1) % _ring.Length] : null;
            return new StationListener(this, _airing, start, latest?.BitrateKbps ?? 0);
        }
    }

    /// <summary>The chunk with sequence number <paramref name="sequence"/> of the given airing, if a listener may still read it.</summary>
    internal ChunkState TryRead(long sequence, int airing, out BroadcastChunk? chunk)
    {
        chunk = null;
        if (airing != Volatile.Read(ref _airing))
        {
            return ChunkState.OffAir;
        }

        var published = Volatile.Read(ref _published);
        if (sequence >= published)
        {
            return ChunkState.NotYet;
        }

        // the oldest slot is the one the next Publish overwrites: it is gone already, so no read races that write
        if (sequence <= published - _ring.Length)
        {
            return ChunkState.Gone;
        }

        chunk = Volatile.Read(ref _ring[sequence % _ring.Length]);
        // the slot may have been reused, or cleared, while it was read
        if (airing != Volatile.Read(ref _airing) || chunk is null)
        {
            return ChunkState.OffAir;
        }

        return sequence <= Volatile.Read(ref _published) - _ring.Length ? ChunkState.Gone : ChunkState.Ready;
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}

internal enum ChunkState
{
    Ready,
    NotYet,
    Gone,
    OffAir,
}

/// <summary>How much audio a new listener gets at once, and how far behind a listener may fall.</summary>
public sealed record BroadcastOptions(TimeSpan Burst, TimeSpan MaxLag, TimeSpan ChunkDuration)
{
    public static readonly BroadcastOptions Default = new(TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(10), TimeSpan.FromMilliseconds(200));

    /// <summary>The ring holds the burst plus <see cref="MaxLag"/> of chunks, and the slot the next publish overwrites.</summary>
    public int RingCapacity => (int)Math.Ceiling((Burst + MaxLag) / ChunkDuration) + 1;
}

/// <summary>Whole MP3 frames of one song, shared read-only by every listener.</summary>
/// <param name="Audio">Starts and ends on frame boundaries.</param>
/// <param name="Title">The song playing; one instance per song play.</param>
/// <param name="Duration">How long the frames play.</param>
public sealed record BroadcastChunk(ReadOnlyMemory<byte> Audio, StreamTitle Title, TimeSpan Duration)
{
    /// <summary>The audio's bitrate in kbit/s (the average over the chunk for VBR).</summary>
    public int BitrateKbps => Duration <= TimeSpan.Zero ? 0 : (int)Math.Round(Audio.Length * 8 / Duration.TotalSeconds / 1000);
}
