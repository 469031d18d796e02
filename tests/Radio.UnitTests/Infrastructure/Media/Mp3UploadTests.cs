using Radio.Infrastructure.Media;
using Radio.TestData;

namespace Radio.UnitTests.Infrastructure.Media;

public sealed class Mp3UploadTests
{
    private static readonly byte[] Frames = Mp3Writer.Cbr(1);

    [Fact]
    public void The_analysis_measures_the_frames_and_where_the_last_one_ends()
    {
        var file = Mp3Writer.Concat(Mp3Writer.WithId3v2(Frames, bodyBytes: 500), new byte[300]);

        var analysis = Mp3Analyzer.Analyze(file);

        analysis.Id3v2Bytes.Should().Be(510);
        analysis.FrameBytes.Should().Be(Frames.Length);
        analysis.AudioEndOffset.Should().Be(510 + Frames.Length);
        analysis.FileBytes.Should().Be(file.Length);
        analysis.EndsWithId3v1.Should().BeFalse();
        analysis.FrameCoverage.Should().Be(Frames.Length / (double)(Frames.Length + 300), "the ID3v2 tag is not counted");
    }

    [Fact]
    public void A_trailing_ID3v1_tag_is_kept_and_not_counted_against_the_frames()
    {
        var analysis = Mp3Analyzer.Analyze(Mp3Writer.Concat(Frames, new byte[200], Mp3Writer.WithId3v1([])));

        analysis.EndsWithId3v1.Should().BeTrue();
        analysis.FrameCoverage.Should().Be(Frames.Length / (double)(Frames.Length + 200));
        Mp3Upload.KeptBytes(analysis).Should().Be(Frames.Length + 128);
    }

    [Fact]
    public void Frames_of_another_stream_are_MPEG_audio_too()
    {
        var other = Mp3Writer.Cbr(1, sampleRate: 48000);

        var analysis = Mp3Analyzer.Analyze(Mp3Writer.Concat(Frames, other));

        analysis.ChangesFormat.Should().BeTrue();
        analysis.FrameBytes.Should().Be(Frames.Length + other.Length, "every frame of the other stream, its last one included");
        Mp3Upload.Rejection(analysis).Should().BeNull();
        Mp3Upload.KeptBytes(analysis).Should().Be(Frames.Length + other.Length);
    }

    [Fact]
    public void Fed_a_byte_at_a_time_the_frames_of_both_streams_and_the_tag_measure_the_same()
    {
        var file = Mp3Writer.WithId3v1(Mp3Writer.Concat(Frames, Mp3Writer.Cbr(1, sampleRate: 48000), new byte[300]));
        var whole = Mp3Analyzer.Analyze(file);
        var byByte = new Mp3Analyzer();
        foreach (var b in file)
        {
            byByte.Append([b]);
        }

        byByte.Complete().Should().Be(whole);
        whole.EndsWithId3v1.Should().BeTrue();
        whole.AudioEndOffset.Should().Be(file.Length - 128 - 300);
    }

    [Theory]
    [InlineData(0.91, true)]
    [InlineData(0.90, true)]
    [InlineData(0.89, false)]
    [InlineData(0.50, false)]
    public void A_file_is_stored_only_when_frames_cover_90_percent_of_it_after_the_ID3v2_tag(double coverage, bool stored)
    {
        var junk = (int)Math.Floor(Frames.Length / coverage) - Frames.Length;
        var file = Mp3Writer.WithId3v2(Mp3Writer.Concat(Frames, new byte[junk]), bodyBytes: 20_000);

        var rejection = Mp3Upload.Rejection(Mp3Analyzer.Analyze(file));

        if (stored)
        {
            rejection.Should().BeNull();
        }
        else
        {
            rejection.Should().Contain("90%").And.Contain($"{Math.Floor(coverage * 100)}%");
        }
    }

    [Fact]
    public void A_file_that_is_no_MPEG_audio_is_rejected_with_the_analysers_reason()
    {
        Mp3Upload.Rejection(Mp3Analyzer.Analyze(new byte[5000])).Should().NotBeNullOrEmpty();
    }

    [Fact]
    public async Task Trimming_drops_what_follows_the_last_frame_and_a_truncated_frame()
    {
        var file = Mp3Writer.Concat(Frames, Frames[..100], new byte[50]);
        using var stream = new MemoryStream();
        stream.Write(file);

        var length = await Mp3Upload.TrimAsync(stream, Mp3Analyzer.Analyze(file), CancellationToken.None);

        length.Should().Be(Frames.Length);
        stream.ToArray().Should().Equal(Frames);
    }

    [Fact]
    public async Task Trimming_moves_a_trailing_ID3v1_tag_to_just_after_the_last_frame()
    {
        var tagged = Mp3Writer.WithId3v1(Mp3Writer.WithId3v2(Frames));
        var tag = tagged[^128..];
        var file = Mp3Writer.Concat(tagged[..^128], new byte[700], tag);
        using var stream = new MemoryStream();
        stream.Write(file);

        var length = await Mp3Upload.TrimAsync(stream, Mp3Analyzer.Analyze(file), CancellationToken.None);

        length.Should().Be(tagged.Length);
        stream.ToArray().Should().Equal(tagged, "the ID3v2 tag, the frames and the ID3v1 tag, nothing else");
    }

    [Fact]
    public async Task A_file_that_is_only_frames_and_tags_is_left_as_it_is()
    {
        var file = Mp3Writer.WithId3v1(Mp3Writer.WithId3v2(Frames));
        using var stream = new MemoryStream();
        stream.Write(file);

        var length = await Mp3Upload.TrimAsync(stream, Mp3Analyzer.Analyze(file), CancellationToken.None);

        length.Should().Be(file.Length);
        stream.ToArray().Should().Equal(file);
    }
}
