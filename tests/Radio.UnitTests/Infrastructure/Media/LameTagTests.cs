using System.Buffers.Binary;
using Radio.Infrastructure.Media;
using Radio.TestData;

namespace Radio.UnitTests.Infrastructure.Media;

public sealed class LameTagTests
{
    /// <summary>A 44.1 kHz stereo 128 kbit/s Info frame whose LAME extension gives <paramref name="delay"/> and <paramref name="padding"/>.</summary>
    internal static byte[] InfoFrame(int frames, int delay, int padding)
    {
        var frame = Mp3Writer.Frame(1, 3, 128, 44100, padding: false, mono: false);
        var at = 4 + 32;
        "Info"u8.CopyTo(frame.AsSpan(at));
        BinaryPrimitives.WriteUInt32BigEndian(frame.AsSpan(at + 4), 0x0F); // frames, bytes, TOC and quality present
        BinaryPrimitives.WriteUInt32BigEndian(frame.AsSpan(at + 8), (uint)frames);
        var lame = at + 8 + 4 + 4 + 100 + 4;
        "Lavc59.37"u8.CopyTo(frame.AsSpan(lame));
        frame[lame + 21] = (byte)(delay >> 4);
        frame[lame + 22] = (byte)(((delay & 0x0F) << 4) | (padding >> 8));
        frame[lame + 23] = (byte)(padding & 0xFF);
        return frame;
    }

    [Fact]
    public void The_info_frame_gives_the_frame_count_the_encoder_delay_and_the_padding()
    {
        byte[] file = [.. Mp3Writer.WithId3v2(InfoFrame(155, 576, 1681)), .. Mp3Writer.Cbr(0.1)];

        var tag = LameTag.Read(file, Mp3Analyzer.Analyze(file));

        tag.Should().Be(new LameTag(155, 576, 1681));
    }

    [Fact]
    public void An_audio_frame_has_no_tag()
    {
        var bytes = Mp3Writer.Cbr(0.1);

        LameTag.Read(bytes, Mp3Analyzer.Analyze(bytes)).Should().BeNull();
    }

    [Fact]
    public void A_file_that_is_not_an_mp3_has_no_tag()
    {
        var bytes = PngWriter.Png(8, 8);

        LameTag.Read(bytes, Mp3Analyzer.Analyze(bytes)).Should().BeNull();
    }

    [Theory]
    [InlineData(576, 1681, 0, 1)]   // what the renderer aims for: the padding after the decoder's delay is one whole frame
    [InlineData(576, 1584, 0, 1)]   // a frame that is mostly padding (1,055 of 1,152 samples) is left out too
    [InlineData(576, 1029, 0, 0)]   // one that is mostly sound (500 samples of padding) is kept
    [InlineData(1800, 529, 2, 0)]
    public void Delay_frames_and_frames_that_are_mostly_padding_are_left_out(int delay, int padding, int leading, int trailing)
    {
        var tag = new LameTag(100, delay, padding);

        (tag.LeadingSilentFrames(1152), tag.TrailingSilentFrames(1152)).Should().Be((leading, trailing));
    }
}
