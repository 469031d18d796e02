using Radio.Domain.Station;

namespace Radio.UnitTests.Domain.Station;

/// <summary>A listener's place in the shared audio, as a connection sends it piece by piece.</summary>
public sealed class StationListenerTests
{
    private static readonly StreamTitle Title = new("X - Y");
    private readonly Broadcast _broadcast = new(BroadcastOptions.Default);

    [Fact]
    public void The_audio_is_sent_as_it_was_published()
    {
        var listener = _broadcast.Listen();

        _broadcast.Publish(Chunk(Audio(40_000, 7)));
        _broadcast.Publish(Chunk(Audio(10, 8)));

        listener.Drain().Should().Equal([.. Audio(40_000, 7), .. Audio(10, 8)]);
    }

    [Fact]
    public void Sends_cut_short_anywhere_resume_where_they_stopped()
    {
        var whole = _broadcast.Listen();
        var piecemeal = _broadcast.Listen();

        for (var i = 0; i < 5; i++)
        {
            _broadcast.Publish(Chunk(Audio(23, (byte)i)));
        }

        piecemeal.Drain(perSend: 3).Should().Equal(whole.Drain(), "a socket that takes 3 bytes at a time gets the same stream");
    }

    [Fact]
    public void Each_send_is_told_the_title_its_audio_belongs_to()
    {
        var next = new StreamTitle("X - Z");
        var listener = _broadcast.Listen();
        _broadcast.Publish(Chunk(Audio(4, 1)));
        _broadcast.Publish(new BroadcastChunk(Audio(4, 2), next, TimeSpan.FromMilliseconds(200)));

        listener.Pending();
        var first = listener.Advance(4);
        listener.Pending();
        var second = listener.Advance(4);

        first.Should().BeSameAs(Title);
        second.Should().BeSameAs(next);
    }

    private static BroadcastChunk Chunk(byte[] audio) => new(audio, Title, TimeSpan.FromMilliseconds(200));

    private static byte[] Audio(int length, byte value) => Enumerable.Repeat(value, length).ToArray();
}
