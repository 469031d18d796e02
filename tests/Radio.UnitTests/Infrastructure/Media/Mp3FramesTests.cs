using Radio.Infrastructure.Media;
using Radio.TestData;

namespace Radio.UnitTests.Infrastructure.Media;

public sealed class Mp3FramesTests
{
    [Theory]
    [InlineData(1, 3, 128, 44100, false, 417, 1152)]
    [InlineData(1, 3, 128, 44100, true, 418, 1152)]
    [InlineData(1, 3, 320, 48000, false, 960, 1152)]
    [InlineData(1, 2, 384, 32000, true, 1729, 1152)]
    [InlineData(1, 1, 448, 32000, false, 672, 384)]
    [InlineData(2, 3, 64, 22050, false, 208, 576)]
    [InlineData(2, 3, 8, 16000, false, 36, 576)]
    [InlineData(25, 3, 32, 11025, false, 208, 576)]
    [InlineData(25, 3, 8, 8000, true, 73, 576)]
    [InlineData(2, 2, 160, 24000, false, 960, 1152)]
    [InlineData(2, 1, 256, 16000, false, 768, 384)]
    public void A_header_gives_frame_length_and_samples(int version, int layer, int kbps, int rate, bool padding,
        int length, int samples)
    {
        var frame = Mp3Writer.Frame(version, layer, kbps, rate, padding, mono: false);

        Mp3Frames.TryReadHeader(frame, out var header).Should().BeTrue();

        header.Layer.Should().Be(layer);
        header.BitrateKbps.Should().Be(kbps);
        header.SampleRate.Should().Be(rate);
        header.HasPadding.Should().Be(padding);
        header.FrameLength.Should().Be(length);
        header.SamplesPerFrame.Should().Be(samples);
        header.DurationSeconds.Should().Be(samples / (double)rate);
    }

    [Theory]
    [InlineData(0xFF, 0xFB, 0x00, 0x00)]   // bitrate index 0 (free format)
    [InlineData(0xFF, 0xFB, 0xF0, 0x00)]   // bitrate index 15
    [InlineData(0xFF, 0xFB, 0x9C, 0x00)]   // sample-rate index 3
    [InlineData(0xFF, 0xF9, 0x90, 0x00)]   // layer 0
    [InlineData(0xFF, 0xEB, 0x90, 0x00)]   // version 1 is reserved
    [InlineData(0xFF, 0x1B, 0x90, 0x00)]   // no frame sync
    [InlineData(0xFE, 0xFB, 0x90, 0x00)]
    public void Reserved_and_free_format_headers_are_rejected(byte b0, byte b1, byte b2, byte b3)
    {
        Mp3Frames.TryReadHeader([b0, b1, b2, b3], out _).Should().BeFalse();
    }

    [Fact]
    public void A_header_needs_four_bytes()
    {
        Mp3Frames.TryReadHeader([0xFF, 0xFB, 0x90], out _).Should().BeFalse();
    }

    [Fact]
    public void The_channel_mode_is_read()
    {
        Mp3Frames.TryReadHeader(Mp3Writer.Frame(1, 3, 128, 44100, false, mono: true), out var header);

        header.ChannelMode.Should().Be(ChannelMode.Mono);
        header.Channels.Should().Be(1);
        header.Version.Should().Be(MpegVersion.Mpeg1);
    }

    [Theory]
    [InlineData(1, false, 36)]
    [InlineData(1, true, 21)]
    [InlineData(2, false, 21)]
    [InlineData(2, true, 13)]
    public void A_Xing_tag_sits_after_the_header_and_the_side_information(int version, bool mono, int offset)
    {
        Mp3Frames.TryReadHeader(Mp3Writer.Frame(version, 3, 64, version == 1 ? 44100 : 22050, false, mono), out var header);

        header.XingOffset.Should().Be(offset);
    }

    [Theory]
    [InlineData(44100, false, 128)]
    [InlineData(48000, true, 96)]
    [InlineData(32000, false, 320)]
    public void Each_frame_reports_its_rate_channels_and_bitrate(int sampleRate, bool mono, int kbps)
    {
        var index = Mp3Frames.Read(Mp3Writer.Cbr(1, kbps, sampleRate, mono));

        index.Frames.Should().HaveCount(Mp3Writer.FramesFor(1, sampleRate)).And.OnlyContain(f =>
            f.Header.SampleRate == sampleRate && f.Header.Channels == (mono ? 1 : 2) && f.Header.BitrateKbps == kbps
            && f.Header.SamplesPerFrame == 1152);
    }

    [Fact]
    public void An_id3_tag_and_bytes_that_only_look_like_a_header_are_not_frames()
    {
        byte[] id3 = [(byte)'I', (byte)'D', (byte)'3', 4, 0, 0, 0, 0, 0, 8, 0xFF, 0xFB, 0x90, 0x00, 1, 2, 3, 4];
        byte[] junk = [0xFF, 0xFB, 0x90, 0x00, 9, 9];

        var index = Mp3Frames.Read([.. id3, .. junk, .. Mp3Writer.Cbr(0.5)]);

        index.Frames.Should().HaveCount(Mp3Writer.FramesFor(0.5)).And.OnlyContain(f => f.Offset >= id3.Length + junk.Length);
    }

    [Fact]
    public void Mpeg2_frames_carry_half_as_many_samples()
    {
        var frame = Mp3Writer.Frame(2, 3, 64, 22050, padding: false, mono: false);

        var index = Mp3Frames.Read([.. frame, .. frame, .. frame]);

        index.Frames.Should().HaveCount(3).And.OnlyContain(f => f.Header.SampleRate == 22050 && f.Header.SamplesPerFrame == 576);
    }

    [Fact]
    public void Frames_are_listed_with_offsets_lengths_and_start_times()
    {
        var audio = Mp3Writer.Cbr(seconds: 2);

        var frames = Mp3Frames.Read(Mp3Writer.WithId3v1(Mp3Writer.WithId3v2(audio, bodyBytes: 40_000))).Frames;

        frames.Should().HaveCount(Mp3Writer.FramesFor(2));
        frames[0].Offset.Should().Be(40_010);
        frames[0].StartSeconds.Should().Be(0);
        for (var i = 1; i < frames.Count; i++)
        {
            frames[i].Offset.Should().Be(frames[i - 1].Offset + frames[i - 1].Length);
            frames[i].StartSeconds.Should().BeApproximately(i * 1152 / 44100.0, 1e-9);
        }

        frames.Sum(f => f.Length).Should().Be(audio.Length);
        frames.Should().OnlyContain(f => f.DurationSeconds == 1152 / 44100.0);
    }

    [Fact]
    public void The_Xing_tag_frame_is_not_listed()
    {
        var frames = Mp3Frames.Read(Mp3Writer.VbrXing([128, 320, 64])).Frames;

        frames.Select(f => f.Length).Should().Equal(417, 1044, 208);
        frames[0].Offset.Should().Be(417, "the tag frame comes first");
    }
}
