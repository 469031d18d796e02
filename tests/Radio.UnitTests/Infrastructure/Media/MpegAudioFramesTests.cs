using Radio.Infrastructure.Media;
using Radio.TestData;

namespace Radio.UnitTests.Infrastructure.Media;

public sealed class MpegAudioFramesTests
{
    [Theory]
    [InlineData(44100, false, 128)]
    [InlineData(48000, true, 96)]
    [InlineData(32000, false, 320)]
    public void Each_frame_reports_its_rate_channels_and_bitrate(int sampleRate, bool mono, int kbps)
    {
        var frames = MpegAudioFrames.Read(Mp3Writer.Cbr(1, kbps, sampleRate, mono));

        frames.Should().HaveCount(Mp3Writer.FramesFor(1, sampleRate))
            .And.OnlyContain(f => f.SampleRate == sampleRate && f.Channels == (mono ? 1 : 2) && f.BitrateKbps == kbps && f.Samples == 1152);
    }

    [Fact]
    public void An_id3_tag_and_bytes_that_only_look_like_a_header_are_not_frames()
    {
        byte[] id3 = [(byte)'I', (byte)'D', (byte)'3', 4, 0, 0, 0, 0, 0, 8, 0xFF, 0xFB, 0x90, 0x00, 1, 2, 3, 4];
        byte[] junk = [0xFF, 0xFB, 0x90, 0x00, 9, 9];

        var frames = MpegAudioFrames.Read([.. id3, .. junk, .. Mp3Writer.Cbr(0.5)]);

        frames.Should().HaveCount(Mp3Writer.FramesFor(0.5)).And.OnlyContain(f => f.Offset >= id3.Length + junk.Length);
    }

    [Fact]
    public void Mpeg2_frames_carry_half_as_many_samples()
    {
        var frame = Mp3Writer.Frame(2, 3, 64, 22050, padding: false, mono: false);

        var frames = MpegAudioFrames.Read([.. frame, .. frame, .. frame]);

        frames.Should().HaveCount(3).And.OnlyContain(f => f.SampleRate == 22050 && f.Samples == 576);
    }
}
