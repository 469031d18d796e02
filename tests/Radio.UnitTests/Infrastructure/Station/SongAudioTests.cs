using Radio.Infrastructure.Media;
using Radio.Infrastructure.Station;
using Radio.TestData;

namespace Radio.UnitTests.Infrastructure.Station;

public sealed class SongAudioTests
{
    private const double FrameSeconds = 1152 / 44100.0;

    [Fact]
    public void Joining_mid_song_starts_on_the_frame_playing_at_that_moment()
    {
        var audio = SongAudio.Read(Mp3Writer.Cbr(3));

        audio.FrameAt(TimeSpan.FromSeconds(FrameSeconds * 10.5)).Should().Be(10);
        audio.FrameAt(TimeSpan.FromSeconds(FrameSeconds * 10)).Should().Be(10);
        audio.FrameAt(TimeSpan.Zero).Should().Be(0);
        audio.FrameAt(TimeSpan.FromSeconds(-1)).Should().Be(0);
        audio.FrameAt(TimeSpan.FromHours(1)).Should().Be(audio.FrameCount, "past the end nothing is left to play");
    }

    [Fact]
    public void Slices_start_and_end_on_frame_boundaries()
    {
        var bytes = Mp3Writer.WithId3v2(Mp3Writer.Cbr(3));
        var audio = SongAudio.Read(bytes);

        var slice = audio.Frames(audio.FrameAt(TimeSpan.FromSeconds(1.3)), audio.FrameCount);

        Mp3Frames.TryReadHeader(slice.Span, out var header).Should().BeTrue("an ID3 tag is never sent and a slice starts with a header");
        var offset = 0;
        while (offset < slice.Length)
        {
            Mp3Frames.TryReadHeader(slice.Span[offset..], out header).Should().BeTrue();
            offset += header.FrameLength;
        }

        offset.Should().Be(slice.Length, "the slice ends exactly at a frame end");
    }

    [Fact]
    public void The_duration_is_the_sum_of_the_frames()
    {
        var audio = SongAudio.Read(Mp3Writer.Cbr(2));

        audio.FrameCount.Should().Be(Mp3Writer.FramesFor(2));
        audio.Duration.TotalSeconds.Should().BeApproximately(Mp3Writer.FramesFor(2) * FrameSeconds, 1e-6);
        audio.StartOf(1).TotalSeconds.Should().BeApproximately(FrameSeconds, 1e-6);
    }

    [Fact]
    public void A_vbr_tag_frame_is_not_broadcast()
    {
        var audio = SongAudio.Read(Mp3Writer.VbrXing([128, 192, 256]));

        audio.FrameCount.Should().Be(3);
        Mp3Frames.TryReadHeader(audio.Frames(0, 1).Span, out var header).Should().BeTrue();
        header.BitrateKbps.Should().Be(128);
        audio.Frames(0, 3).Length.Should().Be(417 + 626 + 835);
    }
}
