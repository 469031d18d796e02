using Radio.Infrastructure.Media;
using Radio.TestData;

namespace Radio.UnitTests.Infrastructure.Media;

public sealed class Mp3AnalyzerTests
{
    [Fact]
    public void A_cbr_file_lasts_its_frames_times_1152_samples()
    {
        var file = Mp3Writer.Cbr(seconds: 10, bitrateKbps: 128, sampleRate: 44100);

        var result = Mp3Analyzer.Analyze(file);

        result.IsValid.Should().BeTrue(result.Error);
        result.FrameCount.Should().Be(383, "10 s × 44100 / 1152 rounds up to 383 frames");
        result.DurationSeconds.Should().Be(383 * 1152 / 44100.0);
        result.BitrateKbps.Should().Be(128);
        result.SampleRate.Should().Be(44100);
        result.Channels.Should().Be(2);
        result.AudioStartOffset.Should().Be(0);
    }

    [Fact]
    public void A_mono_file_at_48_kHz_reports_one_channel()
    {
        var result = Mp3Analyzer.Analyze(Mp3Writer.Cbr(seconds: 2, bitrateKbps: 64, sampleRate: 48000, mono: true));

        result.IsValid.Should().BeTrue(result.Error);
        result.Channels.Should().Be(1);
        result.SampleRate.Should().Be(48000);
        result.DurationSeconds.Should().Be(Mp3Writer.FramesFor(2, 48000) * 1152 / 48000.0);
    }

    [Fact]
    public void A_vbr_file_takes_its_frame_count_from_the_Xing_tag()
    {
        int[] bitrates = [128, 320, 64, 192, 256, 96, 128, 160, 224, 32];
        var file = Mp3Writer.VbrXing(bitrates, xingFrames: 8);

        var result = Mp3Analyzer.Analyze(file);

        result.IsValid.Should().BeTrue(result.Error);
        result.FrameCount.Should().Be(8, "the Xing tag says 8 frames (encoder padding frames are not audio)");
        result.DurationSeconds.Should().Be(8 * 1152 / 44100.0);
        result.BitrateKbps.Should().Be((int)Math.Round(bitrates.Average()), "the tag frame itself is not audio");
    }

    [Fact]
    public void An_Info_tag_on_a_cbr_file_is_not_counted_as_audio()
    {
        var file = Mp3Writer.VbrXing([128, 128, 128, 128], tag: "Info");

        var result = Mp3Analyzer.Analyze(file);

        result.FrameCount.Should().Be(4);
        result.DurationSeconds.Should().Be(4 * 1152 / 44100.0);
    }

    [Fact]
    public void A_Xing_tag_claiming_more_frames_than_the_file_holds_is_capped_at_the_frames_found()
    {
        var result = Mp3Analyzer.Analyze(Mp3Writer.VbrXing([128, 192, 256, 320], xingFrames: 100_000));

        result.FrameCount.Should().Be(4);
    }

    [Fact]
    public void A_vbr_file_takes_its_frame_count_from_the_VBRI_tag()
    {
        var result = Mp3Analyzer.Analyze(Mp3Writer.VbrVbri([128, 256, 64, 320, 160, 96], vbriFrames: 5));

        result.IsValid.Should().BeTrue(result.Error);
        result.FrameCount.Should().Be(5);
        result.DurationSeconds.Should().Be(5 * 1152 / 44100.0);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void A_leading_ID3v2_tag_is_skipped(bool footer)
    {
        var audio = Mp3Writer.Cbr(seconds: 1);
        var file = Mp3Writer.WithId3v2(audio, bodyBytes: 5000, footer);

        var result = Mp3Analyzer.Analyze(file);

        result.IsValid.Should().BeTrue(result.Error);
        result.AudioStartOffset.Should().Be(10 + 5000 + (footer ? 10 : 0));
        result.FrameCount.Should().Be(Mp3Writer.FramesFor(1));
    }

    [Fact]
    public void An_ID3v2_tag_bigger_than_the_carry_over_buffer_is_skipped()
    {
        var result = Mp3Analyzer.Analyze(Mp3Writer.WithId3v2(Mp3Writer.Cbr(seconds: 1), bodyBytes: 300_000));

        result.IsValid.Should().BeTrue(result.Error);
        result.AudioStartOffset.Should().Be(300_010);
    }

    [Fact]
    public void A_trailing_ID3v1_tag_is_tolerated_and_not_counted()
    {
        var file = Mp3Writer.WithId3v1(Mp3Writer.Cbr(seconds: 3));

        var result = Mp3Analyzer.Analyze(file);

        result.IsValid.Should().BeTrue(result.Error);
        result.FrameCount.Should().Be(Mp3Writer.FramesFor(3));
    }

    [Fact]
    public void Trailing_junk_after_the_last_frame_is_tolerated()
    {
        var junk = "APETAGEX and whatever else the tagger left"u8.ToArray();
        var file = Mp3Writer.Concat(Mp3Writer.Cbr(seconds: 3), junk);

        var result = Mp3Analyzer.Analyze(file);

        result.IsValid.Should().BeTrue(result.Error);
        result.FrameCount.Should().Be(Mp3Writer.FramesFor(3));
    }

    [Fact]
    public void A_truncated_last_frame_is_ignored()
    {
        var file = Mp3Writer.Cbr(seconds: 3);

        var result = Mp3Analyzer.Analyze(file.AsSpan(0, file.Length - 100));

        result.IsValid.Should().BeTrue(result.Error);
        result.FrameCount.Should().Be(Mp3Writer.FramesFor(3) - 1);
    }

    [Fact]
    public void A_briefly_corrupted_stream_resyncs_and_keeps_counting()
    {
        var frame = Mp3Writer.Frame(1, 3, 128, 44100, padding: false, mono: false);
        var good = Mp3Writer.Concat(Enumerable.Repeat(frame, 5).ToArray());
        var file = Mp3Writer.Concat(good, new byte[777], good);

        var result = Mp3Analyzer.Analyze(file);

        result.FrameCount.Should().Be(10);
    }

    [Fact]
    public void Counting_stops_at_a_long_run_of_garbage()
    {
        var frame = Mp3Writer.Frame(1, 3, 128, 44100, padding: false, mono: false);
        var good = Mp3Writer.Concat(Enumerable.Repeat(frame, 5).ToArray());
        var file = Mp3Writer.Concat(good, new byte[Mp3Analyzer.MaxResyncBytes + 10], good);

        var result = Mp3Analyzer.Analyze(file);

        result.IsValid.Should().BeTrue(result.Error);
        result.FrameCount.Should().Be(5);
    }

    [Fact]
    public void A_file_of_one_frame_is_valid()
    {
        var result = Mp3Analyzer.Analyze(Mp3Writer.Frame(1, 3, 128, 44100, padding: false, mono: false));

        result.IsValid.Should().BeTrue(result.Error);
        result.FrameCount.Should().Be(1);
    }

    [Fact]
    public void Random_bytes_with_a_frame_sync_are_rejected()
    {
        var bytes = new byte[100_000];
        new Random(42).NextBytes(bytes);
        bytes[0] = 0xFF;
        bytes[1] = 0xFB;
        bytes[2] = 0x90;
        bytes[3] = 0x00;

        var result = Mp3Analyzer.Analyze(bytes);

        result.IsValid.Should().BeFalse();
        result.Error.Should().NotBeNullOrEmpty();
    }

    [Fact]
    public void An_empty_file_is_rejected()
    {
        var result = Mp3Analyzer.Analyze([]);

        result.IsValid.Should().BeFalse();
        result.Error.Should().Be("The file is empty.");
    }

    [Fact]
    public void A_png_is_rejected()
    {
        var result = Mp3Analyzer.Analyze(PngWriter.Png(64, 64));

        result.IsValid.Should().BeFalse();
    }

    [Fact]
    public void An_ID3v2_tag_with_nothing_after_it_is_rejected()
    {
        var result = Mp3Analyzer.Analyze(Mp3Writer.WithId3v2([], bodyBytes: 100));

        result.IsValid.Should().BeFalse();
    }

    [Fact]
    public void Frames_are_searched_for_only_in_the_first_64_KiB()
    {
        var file = Mp3Writer.Concat(new byte[Mp3Analyzer.MaxSyncSearchBytes + 100], Mp3Writer.Cbr(seconds: 1));

        var result = Mp3Analyzer.Analyze(file);

        result.IsValid.Should().BeFalse();
    }

    [Fact]
    public void Mpeg2_layer3_frames_last_576_samples()
    {
        var frame = Mp3Writer.Frame(2, 3, 64, 22050, padding: false, mono: false);
        var file = Mp3Writer.Concat(Enumerable.Repeat(frame, 20).ToArray());

        var result = Mp3Analyzer.Analyze(file);

        frame.Should().HaveCount(208, "72 × 64000 / 22050 = 208.98 bytes, rounded down");
        result.IsValid.Should().BeTrue(result.Error);
        result.FrameCount.Should().Be(20);
        result.DurationSeconds.Should().Be(20 * 576 / 22050.0);
    }

    [Fact]
    public void Feeding_one_byte_or_random_chunks_at_a_time_gives_the_same_result_as_one_chunk()
    {
        var file = Mp3Writer.WithId3v1(Mp3Writer.Concat(
            Mp3Writer.WithId3v2(Mp3Writer.VbrXing([128, 320, 64, 192, 32, 256, 160]), bodyBytes: 20_000),
            new byte[500],
            Mp3Writer.Cbr(seconds: 1)));
        var whole = Mp3Analyzer.Analyze(file);

        var byByte = new Mp3Analyzer();
        foreach (var b in file)
        {
            byByte.Append([b]);
        }

        var random = new Random(7);
        var byChunk = new Mp3Analyzer();
        for (var at = 0; at < file.Length;)
        {
            var size = Math.Min(random.Next(1, 40_000), file.Length - at);
            byChunk.Append(file.AsSpan(at, size));
            at += size;
        }

        whole.IsValid.Should().BeTrue(whole.Error);
        byByte.Complete().Should().Be(whole);
        byChunk.Complete().Should().Be(whole);
    }
}
