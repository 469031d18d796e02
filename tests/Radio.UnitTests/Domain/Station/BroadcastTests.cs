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
        for (var i = 0; i < 30; i++)
        {
            _broadcast.Publish(NewChunk(i));
        }

        var listener = _broadcast.Listen();

        listener.Drain().Should().Equal(Enumerable.Range(20, 10).Select(i => (byte)i), "10 chunks of 200 ms are the 2 s burst");
    }

    [Fact]
    public void A_listener_who_joins_before_any_audio_starts_at_the_first_chunk()
    {
        var listener = _broadcast.Listen();

        _broadcast.Publish(NewChunk(1));

        listener.Drain().Should().Equal([1]);
    }

    [Fact]
    public void Every_listener_sends_the_same_shared_bytes_and_copies_nothing()
    {
        var first = _broadcast.Listen();
        var second = _broadcast.Listen();
        var chunk = NewChunk(1);

        _broadcast.Publish(chunk);

        first.Pending().Equals(chunk.Audio).Should().BeTrue("the listener sends the published memory itself");
        second.Pending().Equals(chunk.Audio).Should().BeTrue();
    }

    [Fact]
    public void A_listener_that_falls_too_far_behind_is_dropped_and_nobody_else_waits()
    {
        var slow = _broadcast.Listen();
        var keepingUp = _broadcast.Listen();
        var received = new List<byte>();

        // burst (2 s) + max lag (4 s) = 30 chunks; the 31st publish leaves slow's next chunk in the slot the 32nd overwrites
        for (var i = 0; i < 40; i++)
        {
            _broadcast.Publish(NewChunk(i));
            received.AddRange(keepingUp.Drain());
        }

        slow.Pending().IsEmpty.Should().BeTrue();
        slow.End.Should().Be(StreamEnd.FellBehind);
        received.Should().HaveCount(40);
        keepingUp.End.Should().BeNull();
    }

    [Fact]
    public void A_listener_stalled_halfway_through_a_chunk_is_dropped_too()
    {
        var stalled = _broadcast.Listen();
        _broadcast.Publish(new BroadcastChunk(new byte[100], Title, Chunk));
        stalled.Advance(stalled.Pending().Length / 2); // a full socket took half of it

        for (var i = 0; i < 31; i++)
        {
            _broadcast.Publish(NewChunk(i));
        }

        stalled.Pending().IsEmpty.Should().BeTrue("the rest of its chunk has left the ring");
        stalled.End.Should().Be(StreamEnd.FellBehind);
    }

    [Fact]
    public void A_listener_just_inside_the_lag_still_gets_every_chunk()
    {
        var slow = _broadcast.Listen();

        for (var i = 0; i < 30; i++)
        {
            _broadcast.Publish(NewChunk(i));
        }

        slow.Drain().Should().HaveCount(30, "burst (2 s) + max lag (4 s) of 200 ms chunks");
        slow.End.Should().BeNull();
    }

    [Fact]
    public void The_oldest_chunk_is_gone_before_its_slot_is_written_again()
    {
        var slow = _broadcast.Listen();
        for (var i = 0; i < 31; i++)
        {
            _broadcast.Publish(NewChunk(i));
        }

        // 31 published in a ring of 31: chunk 0's slot is the next one written, so it can no longer be read
        slow.Pending().IsEmpty.Should().BeTrue();
        slow.End.Should().Be(StreamEnd.FellBehind);
    }

    [Fact]
    public void Going_off_air_ends_every_listener()
    {
        _broadcast.Publish(NewChunk(0));
        var listener = _broadcast.Listen();
        var changed = _broadcast.Changed;

        _broadcast.GoOffAir();

        _broadcast.OnAir.Should().BeFalse();
        changed.IsCompleted.Should().BeTrue("waiting connections wake up to end");
        listener.Pending().IsEmpty.Should().BeTrue();
        listener.End.Should().Be(StreamEnd.OffAir);
    }

    [Fact]
    public void Back_on_air_a_new_listener_starts_afresh()
    {
        _broadcast.Publish(NewChunk(0));
        _broadcast.GoOffAir();

        _broadcast.Publish(NewChunk(5));
        var listener = _broadcast.Listen();

        listener.Drain().Should().Equal([5]);
        listener.End.Should().BeNull();
    }

    [Fact]
    public void Publishing_wakes_whoever_waits_for_the_next_chunk()
    {
        var changed = _broadcast.Changed;

        _broadcast.Publish(NewChunk(0));

        changed.IsCompleted.Should().BeTrue();
        _broadcast.Changed.IsCompleted.Should().BeFalse("the next wait is for the next chunk");
    }

    [Fact]
    public void The_bitrate_announced_to_a_new_listener_is_the_latest_chunks()
    {
        _broadcast.Publish(new BroadcastChunk(new byte[3200], Title, Chunk)); // 3,200 B in 0.2 s = 128 kbit/s

        var listener = _broadcast.Listen();

        listener.BitrateKbps.Should().Be(128);
    }

    private static BroadcastChunk NewChunk(int i) => new(new[] { (byte)i }, Title, Chunk);
}
