using Radio.Domain.Station;

namespace Radio.UnitTests.Domain.Station;

public sealed class BroadcastTests
{
    private static readonly TimeSpan Chunk = TimeSpan.FromMilliseconds(200);
    private static readonly StreamTitle Title = new("A - B");
    private readonly Broadcast _broadcast = new(new BroadcastOptions(TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(4), Chunk));

    [Fact]
    public void A_new_listener_gets_the_last_two_seconds_at_once()
    {
        var chunks = Enumerable.Range(0, 30).Select(NewChunk).ToList();
        chunks.ForEach(_broadcast.Publish);

        using var listener = _broadcast.Listen();

        Drain(listener).Should().Equal(chunks.TakeLast(10), "10 chunks of 200 ms are the 2 s burst");
    }

    [Fact]
    public void Every_listener_gets_the_same_chunk_objects()
    {
        using var first = _broadcast.Listen();
        using var second = _broadcast.Listen();
        var chunk = NewChunk(1);

        _broadcast.Publish(chunk);

        Drain(first).Single().Should().BeSameAs(chunk);
        Drain(second).Single().Should().BeSameAs(chunk);
    }

    [Fact]
    public void A_listener_that_falls_too_far_behind_is_evicted_and_nobody_else_waits()
    {
        using var slow = _broadcast.Listen();
        using var keeping_up = _broadcast.Listen();
        var received = new List<BroadcastChunk>();

        // burst (2 s) + max lag (4 s) = 30 chunks fit in a queue; the 32nd publish finds the slow queue full
        for (var i = 0; i < 40; i++)
        {
            _broadcast.Publish(NewChunk(i));
            received.AddRange(Drain(keeping_up));
        }

        slow.WasEvicted.Should().BeTrue();
        slow.Evicted.IsCancellationRequested.Should().BeTrue("a write blocked on a stuck client must be aborted");
        Drain(slow).Should().HaveCount(31, "what was queued before eviction can still be read");
        slow.Chunks.Completion.IsCompleted.Should().BeTrue();
        received.Should().HaveCount(40);
        keeping_up.WasEvicted.Should().BeFalse();
        _broadcast.ListenerCount.Should().Be(1);
    }

    [Fact]
    public void A_disposed_listener_leaves_the_broadcast()
    {
        var listener = _broadcast.Listen();

        listener.Dispose();

        _broadcast.ListenerCount.Should().Be(0);
    }

    [Fact]
    public void Going_off_air_ends_every_listener()
    {
        _broadcast.Publish(NewChunk(0));
        using var listener = _broadcast.Listen();

        _broadcast.GoOffAir();

        _broadcast.OnAir.Should().BeFalse();
        Drain(listener).Should().HaveCount(1);
        listener.Chunks.Completion.IsCompleted.Should().BeTrue();
        listener.WasEvicted.Should().BeFalse();
    }

    private static BroadcastChunk NewChunk(int i) => new(new byte[] { (byte)i }, Title, Chunk);

    private static List<BroadcastChunk> Drain(StationListener listener)
    {
        var chunks = new List<BroadcastChunk>();
        while (listener.Chunks.TryRead(out var chunk))
        {
            chunks.Add(chunk);
        }

        return chunks;
    }
}
