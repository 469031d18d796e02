using Radio.Infrastructure.Media;
using Radio.Infrastructure.Station;
using Radio.TestData;
using Radio.UnitTests.Infrastructure.Media;

namespace Radio.UnitTests.Infrastructure.Station;

public sealed class StationSoundTests
{
    private static readonly StationSound Station = new(44100, 2, 128, -16);

    [Theory]
    [InlineData(44100, 2, 128, -16, true)]
    [InlineData(22050, 1, 64, -23, true)]
    [InlineData(44100, 2, 144, -16, false)]   // an MPEG-2 bitrate at an MPEG-1 rate
    [InlineData(22050, 2, 320, -16, false)]
    [InlineData(44000, 2, 128, -16, false)]
    [InlineData(44100, 3, 128, -16, false)]
    [InlineData(44100, 2, 128, 0, false)]
    public void Only_formats_an_mp3_can_carry_are_valid(int rate, int channels, int kbps, double lufs, bool valid) =>
        new StationSound(rate, channels, kbps, lufs).IsValid.Should().Be(valid);

    [Theory]
    [InlineData(3, true)]
    [InlineData(2, false)]   // MPEG audio Layer II (MP2) at the station's rate and channels is still no MP3 frame
    [InlineData(1, false)]
    public void Only_layer_iii_frames_at_the_station_format_go_on_the_air_as_uploaded(int layer, bool carried) =>
        Station.Carries(new Mp3FrameHeader(MpegVersion.Mpeg1, layer, 128, 44100, false, false, ChannelMode.Stereo))
            .Should().Be(carried);

    [Fact]
    public void A_song_whose_peaks_stay_under_the_ceiling_gets_a_plain_gain()
    {
        var filter = FfmpegRenderer.Normalisation(new Loudness(-30, -40, 2, -20), Station);

        filter.Should().Be("volume=14.00dB", "a fixed gain is what loudnorm's linear mode applies");
    }

    [Fact]
    public void A_song_whose_peaks_would_pass_the_ceiling_goes_through_loudnorm_with_its_measurement()
    {
        var filter = FfmpegRenderer.Normalisation(new Loudness(-30, -40, 2, -3), Station);

        filter.Should().StartWith("loudnorm=I=-16:TP=-1.5:LRA=11:measured_I=-30:measured_TP=-3:measured_LRA=2:measured_thresh=-40");
    }

    [Fact]
    public void A_silent_song_is_not_normalised() => FfmpegRenderer.Normalisation(null, Station).Should().BeNull();

    [Fact]
    public void A_rendition_plays_without_its_info_frame_and_its_padding_frame()
    {
        var audio = Mp3Writer.Cbr(1);
        var frames = Mp3Frames.Read(audio).Frames.Count;
        byte[] rendition = [.. LameTagTests.InfoFrame(frames, 576, 1681), .. audio];

        var playable = RenditionAudio.Read(rendition, Station);

        playable!.Frames.Should().HaveCount(frames - 1);
        playable.Frames[0].Offset.Should().Be(417, "the Info frame is not audio");
        playable.DurationSeconds.Should().BeApproximately((frames - 1) * 1152 / 44100.0, 1e-9);
    }

    [Fact]
    public void A_file_not_all_in_the_station_format_is_not_read_as_a_rendition()
    {
        byte[] mixed = [.. Mp3Writer.Cbr(0.2), .. Mp3Writer.Cbr(0.2, sampleRate: 48000)];

        RenditionAudio.Read(mixed, Station).Should().BeNull();
    }

    [Fact]
    public void A_file_whose_channel_count_changes_is_not_read_as_a_rendition()
    {
        byte[] mixed = [.. Mp3Writer.Cbr(0.2), .. Mp3Writer.Cbr(0.2, mono: true)];

        RenditionAudio.Read(mixed, Station).Should().BeNull();
    }

    [Theory]
    [InlineData(44100, false, true)]
    [InlineData(48000, false, false)]
    [InlineData(44100, true, false)]
    public void Only_a_file_all_at_the_station_rate_and_channel_count_is_carried(int sampleRate, bool mono, bool carried)
    {
        var file = Mp3Writer.Cbr(0.5, bitrateKbps: 320, sampleRate, mono);

        Station.Carries(Mp3Analyzer.Analyze(file)).Should().Be(carried, "the bitrate does not matter to a player");
    }

    [Fact]
    public void A_file_whose_rate_changes_on_the_way_is_not_carried()
    {
        var file = Mp3Writer.Concat(Mp3Writer.Cbr(1), Mp3Writer.Cbr(1, sampleRate: 48000));

        Station.Carries(Mp3Analyzer.Analyze(file)).Should().BeFalse();
    }
}
