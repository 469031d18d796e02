using Radio.Domain.Station;

namespace Radio.UnitTests.Domain.Station;

/// <summary>The ICY framing a listener applies to the shared audio, byte for byte as Icecast sends it.</summary>
public sealed class StationListenerTests
{
    [Fact]
    public void A_block_follows_every_metaint_audio_bytes_across_chunks_full_once_then_zero()
    {
        var title = new StreamTitle("A - B");
        var (broadcast, listener) = Listening(metaInt: 16);

        broadcast.Publish(Chunk(Audio(10, 1), title));
        broadcast.Publish(Chunk(Audio(30, 2), title));

        var block = title.IcyBlock.ToArray();
        listener.Drain().Should().Equal(
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
        var (broadcast, listener) = Listening(metaInt: 4);

        broadcast.Publish(Chunk(Audio(4, 1), first));
        broadcast.Publish(Chunk(Audio(4, 1), first));
        broadcast.Publish(Chunk(Audio(4, 1), second));

        listener.Drain().Should().Equal(
        [
            .. Audio(4, 1), .. first.IcyBlock.ToArray(),
            .. Audio(4, 1), 0,
            .. Audio(4, 1), .. second.IcyBlock.ToArray(),
        ]);
    }

    [Fact]
    public void Sends_cut_short_anywhere_resume_where_they_stopped()
    {
        var title = new StreamTitle("Someone - Something");
        var (broadcast, whole) = Listening(metaInt: 16);
        var piecemeal = broadcast.Listen(16);

        for (var i = 0; i < 5; i++)
        {
            broadcast.Publish(Chunk(Audio(23, (byte)i), title));
        }

        piecemeal.Drain(perSend: 3).Should().Equal(whole.Drain(), "a socket that takes 3 bytes at a time gets the same stream");
    }

    [Fact]
    public void Without_metadata_the_audio_is_sent_as_it_is()
    {
        var (broadcast, listener) = Listening(metaInt: 0);

        broadcast.Publish(Chunk(Audio(40_000, 7), new StreamTitle("X - Y")));

        listener.Drain().Should().Equal(Audio(40_000, 7));
    }

    [Fact]
    public void Icecasts_default_interval_is_16000()
    {
        var title = new StreamTitle("X - Y");
        var (broadcast, listener) = Listening(StationListener.DefaultIcyMetaInt);

        broadcast.Publish(Chunk(new byte[40_000], title));

        var output = listener.Drain();
        output.Should().HaveCount(40_000 + title.IcyBlock.Length + 1);
        output[16_000].Should().Be(title.IcyBlock.Span[0]);
        output[16_000 + title.IcyBlock.Length + 16_000].Should().Be(0);
    }

    private static (Broadcast, StationListener) Listening(int metaInt)
    {
        var broadcast = new Broadcast(BroadcastOptions.Default);
        return (broadcast, broadcast.Listen(metaInt));
    }

    private static BroadcastChunk Chunk(byte[] audio, StreamTitle title) => new(audio, title, TimeSpan.FromMilliseconds(200));

    private static byte[] Audio(int length, byte value) => Enumerable.Repeat(value, length).ToArray();
}
