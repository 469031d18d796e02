using Radio.Domain.Station;
using Radio.Web.Station;

namespace Radio.UnitTests.Web.Station;

/// <summary>The ICY framing a listener applies to the shared audio, byte for byte as Icecast sends it.</summary>
public sealed class ListenerFeedTests
{
    private readonly Broadcast _broadcast = new(BroadcastOptions.Default);

    [Fact]
    public void A_block_follows_every_metaint_audio_bytes_across_chunks_full_once_then_zero()
    {
        var title = new StreamTitle("A - B");
        var feed = Feed(metaInt: 16);

        _broadcast.Publish(Chunk(Audio(10, 1), title));
        _broadcast.Publish(Chunk(Audio(30, 2), title));

        var block = IcyMetadata.Block(title.Text);
        Drain(feed).Should().Equal(
        [
            .. Audio(10, 1), .. Audio(6, 2), .. block,
            .. Audio(16, 2), 0,
            .. Audio(8, 2),
        ]);
    }

    [Fact]
    public void A_new_title_is_sent_in_full_at_the_next_block()
    {
        var first = new StreamTitle("A - One");
        var second = new StreamTitle("A - Two");
        var feed = Feed(metaInt: 4);

        _broadcast.Publish(Chunk(Audio(4, 1), first));
        _broadcast.Publish(Chunk(Audio(4, 1), first));
        _broadcast.Publish(Chunk(Audio(4, 1), second));

        Drain(feed).Should().Equal(
        [
            .. Audio(4, 1), .. IcyMetadata.Block(first.Text),
            .. Audio(4, 1), 0,
            .. Audio(4, 1), .. IcyMetadata.Block(second.Text),
        ]);
    }

    [Fact]
    public void Sends_cut_short_anywhere_resume_where_they_stopped()
    {
        var title = new StreamTitle("Someone - Something");
        var whole = Feed(metaInt: 16);
        var piecemeal = Feed(metaInt: 16, head: Audio(5, 9));

        for (var i = 0; i < 5; i++)
        {
            _broadcast.Publish(Chunk(Audio(23, (byte)i), title));
        }

        Drain(piecemeal, perSend: 3).Should().Equal([.. Audio(5, 9), .. Drain(whole)],
            "a socket that takes 3 bytes at a time gets the same stream, after the head");
    }

    [Fact]
    public void Without_metadata_the_audio_is_sent_as_it_is()
    {
        var feed = Feed(metaInt: 0);

        _broadcast.Publish(Chunk(Audio(40_000, 7), new StreamTitle("X - Y")));

        Drain(feed).Should().Equal(Audio(40_000, 7));
    }

    [Fact]
    public void Icecasts_default_interval_is_16000()
    {
        var title = new StreamTitle("X - Y");
        var block = IcyMetadata.Block(title.Text);
        var feed = Feed(IcyMetadata.Interval);

        _broadcast.Publish(Chunk(new byte[40_000], title));

        var output = Drain(feed);
        output.Should().HaveCount(40_000 + block.Length + 1);
        output[16_000].Should().Be(block[0]);
        output[16_000 + block.Length + 16_000].Should().Be(0);
    }

    [Fact]
    public void A_listener_stalled_in_the_middle_of_a_block_still_falls_behind()
    {
        var feed = Feed(metaInt: 1);
        _broadcast.Publish(Chunk(Audio(1, 1), new StreamTitle("A - B")));
        feed.Advance(feed.Pending().Length); // the audio byte; the block is pending now
        feed.Advance(1); // a full socket took one byte of the block

        for (var i = 0; i < BroadcastOptions.Default.RingCapacity; i++)
        {
            _broadcast.Publish(Chunk(Audio(1, 2), new StreamTitle("A - B")));
        }

        feed.Pending().IsEmpty.Should().BeTrue();
        feed.End.Should().Be(StreamEnd.FellBehind);
    }

    [Fact]
    public void Sending_allocates_nothing_once_a_titles_block_is_built()
    {
        var title = new StreamTitle("A - B");
        var feed = Feed(metaInt: 16, head: Audio(5, 9));
        for (var i = 0; i < 20; i++)
        {
            _broadcast.Publish(Chunk(Audio(23, 1), title));
        }

        Send(feed, bytes: 60); // the head, a block built and the first zero block
        var before = GC.GetAllocatedBytesForCurrentThread();
        var sent = Send(feed, bytes: int.MaxValue);

        (GC.GetAllocatedBytesForCurrentThread() - before).Should().Be(0, "the socket loop runs this for every listener at every publish");
        sent.Should().BeGreaterThan(400);

        static long Send(ListenerFeed feed, int bytes)
        {
            var sent = 0L;
            for (var pending = feed.Pending(); !pending.IsEmpty && sent < bytes; pending = feed.Pending())
            {
                var take = Math.Min(3, pending.Length);
                feed.Advance(take);
                sent += take;
            }

            return sent;
        }
    }

    private ListenerFeed Feed(int metaInt, byte[]? head = null) => new(_broadcast.Listen(), metaInt, head);

    private static BroadcastChunk Chunk(byte[] audio, StreamTitle title) => new(audio, title, TimeSpan.FromMilliseconds(200));

    private static byte[] Audio(int length, byte value) => Enumerable.Repeat(value, length).ToArray();

    /// <summary>Sends everything pending, at most <paramref name="perSend"/> bytes at a time, as a socket with a small buffer would take it.</summary>
    private static byte[] Drain(ListenerFeed feed, int perSend = int.MaxValue)
    {
        var sent = new List<byte>();
        for (var pending = feed.Pending(); !pending.IsEmpty; pending = feed.Pending())
        {
            var take = Math.Min(perSend, pending.Length);
            sent.AddRange(pending.Span[..take].ToArray());
            feed.Advance(take);
        }

        return [.. sent];
    }
}
