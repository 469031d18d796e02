using System.Collections.Immutable;
using System.Threading.Channels;

namespace Radio.Domain.Station;

/// <summary>
/// The station's live audio, produced once and shared by every listener connection. The producer publishes
/// immutable chunks of whole MP3 frames; each listener gets the same chunk objects through its own bounded
/// queue, so no listener ever reads a file or copies another's data. A new listener first gets the most
/// recent <see cref="BroadcastOptions.Burst"/> of audio so playback starts at once. A listener whose queue
/// is full (it has fallen <see cref="BroadcastOptions.MaxLag"/> behind) is evicted; nobody waits for it.
/// </summary>
public sealed class Broadcast(BroadcastOptions options)
{
    private readonly Lock _gate = new();
    private readonly Queue<BroadcastChunk> _recent = new();
    private TimeSpan _recentDuration;
    private ImmutableArray<StationListener> _listeners = [];

    public int ListenerCount => _listeners.Length;

    /// <summary>Whether audio is being produced (the library has songs and the producer runs).</summary>
    public bool OnAir { get; private set; }

    public BroadcastOptions Options => options;

    /// <summary>Sends a chunk to every listener and keeps it for the burst of listeners who join later.</summary>
    public void Publish(BroadcastChunk chunk)
    {
        List<StationListener>? evicted = null;
        lock (_gate)
        {
            OnAir = true;
            _recent.Enqueue(chunk);
            _recentDuration += chunk.Duration;
            while (_recent.Count > 1 && _recentDuration - _recent.Peek().Duration >= options.Burst)
            {
                _recentDuration -= _recent.Dequeue().Duration;
            }

            foreach (var listener in _listeners)
            {
                if (!listener.Offer(chunk))
                {
                    (evicted ??= []).Add(listener);
                }
            }

            if (evicted is not null)
            {
                _listeners = _listeners.RemoveRange(evicted);
            }
        }

        evicted?.ForEach(l => l.Evict());
    }

    /// <summary>Stops the broadcast (an empty library, or shutdown): current listeners' streams end.</summary>
    public void GoOffAir()
    {
        ImmutableArray<StationListener> listeners;
        lock (_gate)
        {
            OnAir = false;
            _recent.Clear();
            _recentDuration = TimeSpan.Zero;
            listeners = _listeners;
            _listeners = [];
        }

        foreach (var listener in listeners)
        {
            listener.End();
        }
    }

    /// <summary>A new listener connection, primed with the recent burst; dispose it when the connection ends.</summary>
    public StationListener Listen()
    {
        lock (_gate)
        {
            var listener = new StationListener(this, options.QueueCapacity);
            foreach (var chunk in _recent)
            {
                listener.Offer(chunk);
            }

            _listeners = _listeners.Add(listener);
            return listener;
        }
    }

    internal void Remove(StationListener listener)
    {
        lock (_gate)
        {
            _listeners = _listeners.Remove(listener);
        }
    }
}

/// <summary>How much audio a new listener gets at once, and how far behind a listener may fall.</summary>
public sealed record BroadcastOptions(TimeSpan Burst, TimeSpan MaxLag, TimeSpan ChunkDuration)
{
    public static readonly BroadcastOptions Default = new(TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(10), TimeSpan.FromMilliseconds(200));

    /// <summary>A listener's queue holds the burst plus <see cref="MaxLag"/> of chunks; one more is eviction.</summary>
    public int QueueCapacity => (int)Math.Ceiling((Burst + MaxLag) / ChunkDuration) + 1;
}

/// <summary>Whole MP3 frames of one song, shared read-only by every listener.</summary>
/// <param name="Audio">Starts and ends on frame boundaries.</param>
/// <param name="Title">The song playing, for ICY metadata; one instance per song play.</param>
/// <param name="Duration">How long the frames play.</param>
public sealed record BroadcastChunk(ReadOnlyMemory<byte> Audio, StreamTitle Title, TimeSpan Duration)
{
    /// <summary>The audio's bitrate in kbit/s (the average over the chunk for VBR).</summary>
    public int BitrateKbps => Duration <= TimeSpan.Zero ? 0 : (int)Math.Round(Audio.Length * 8 / Duration.TotalSeconds / 1000);
}

/// <summary>One listener connection's view of the broadcast.</summary>
public sealed class StationListener : IDisposable
{
    private readonly Broadcast _broadcast;
    private readonly Channel<BroadcastChunk> _queue;
    private readonly CancellationTokenSource _evicted = new();

    internal StationListener(Broadcast broadcast, int capacity)
    {
        _broadcast = broadcast;
        _queue = Channel.CreateBounded<BroadcastChunk>(new BoundedChannelOptions(capacity)
        {
            SingleReader = true,
            SingleWriter = true,
            FullMode = BoundedChannelFullMode.Wait, // TryWrite then fails instead of dropping audio silently
        });
    }

    /// <summary>The chunks to send, in order; completes when the listener is evicted or the station stops.</summary>
    public ChannelReader<BroadcastChunk> Chunks => _queue.Reader;

    /// <summary>Cancelled when the listener fell too far behind: abort any write in progress.</summary>
    public CancellationToken Evicted => _evicted.Token;

    public bool WasEvicted => _evicted.IsCancellationRequested;

    public void Dispose()
    {
        _broadcast.Remove(this);
        _queue.Writer.TryComplete();
        _evicted.Dispose();
    }

    internal bool Offer(BroadcastChunk chunk) => _queue.Writer.TryWrite(chunk);

    internal void Evict()
    {
        _queue.Writer.TryComplete();
        try
        {
            _evicted.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // the connection ended on its own meanwhile
        }
    }

    internal void End() => _queue.Writer.TryComplete();
}
