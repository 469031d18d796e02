using Radio.Infrastructure.Media;
using Radio.TestData;

namespace Radio.UnitTests.Infrastructure.Media;

/// <summary>How the analyser reports a file whose frames change format on the way.</summary>
public sealed class Mp3AnalyzerFormatTests
{
    [Fact]
    public void Frames_of_another_sample_rate_are_reported_and_not_counted()
    {
        var result = Mp3Analyzer.Analyze(Mp3Writer.Concat(Mp3Writer.Cbr(1), Mp3Writer.Cbr(1, sampleRate: 48000)));

        result.IsValid.Should().BeTrue(result.Error);
        result.ChangesFormat.Should().BeTrue();
        result.SampleRate.Should().Be(44100);
        result.FrameCount.Should().Be(Mp3Writer.FramesFor(1), "the 48 kHz frames are a stream of their own");
    }

    [Fact]
    public void Frames_of_another_sample_rate_after_a_corrupt_stretch_are_reported()
    {
        var file = Mp3Writer.Concat(Mp3Writer.Cbr(1), new byte[777], Mp3Writer.Cbr(1, sampleRate: 48000), Mp3Writer.Cbr(1));

        var result = Mp3Analyzer.Analyze(file);

        result.ChangesFormat.Should().BeTrue();
        result.FrameCount.Should().Be(2 * Mp3Writer.FramesFor(1), "the first stream resumes after the other one");
    }

    [Fact]
    public void A_change_of_channel_count_is_reported_and_counted()
    {
        var result = Mp3Analyzer.Analyze(Mp3Writer.Concat(Mp3Writer.Cbr(1), Mp3Writer.Cbr(1, mono: true)));

        result.ChangesFormat.Should().BeTrue();
        result.Channels.Should().Be(2);
        result.FrameCount.Should().Be(2 * Mp3Writer.FramesFor(1));
    }

    [Fact]
    public void Bitrate_changes_tags_and_junk_are_not_format_changes()
    {
        var file = Mp3Writer.WithId3v1(Mp3Writer.Concat(
            Mp3Writer.WithId3v2(Mp3Writer.VbrXing([128, 320, 64, 192, 32])), new byte[500], Mp3Writer.Cbr(1, bitrateKbps: 256)));

        var result = Mp3Analyzer.Analyze(file);

        result.IsValid.Should().BeTrue(result.Error);
        result.ChangesFormat.Should().BeFalse();
    }

    [Fact]
    public async Task A_stream_analysed_in_chunks_gives_the_same_result_as_the_whole_file()
    {
        var file = Mp3Writer.Concat(Mp3Writer.Cbr(2), Mp3Writer.Cbr(1, sampleRate: 48000));
        using var stream = new MemoryStream(file);

        var streamed = await Mp3Analyzer.AnalyzeAsync(stream, CancellationToken.None);

        streamed.Should().Be(Mp3Analyzer.Analyze(file));
        streamed.ChangesFormat.Should().BeTrue();
    }
}
