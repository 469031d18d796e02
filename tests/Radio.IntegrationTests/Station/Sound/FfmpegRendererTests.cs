using Radio.Infrastructure.Media;
using Radio.Infrastructure.Station;
using Radio.TestData;

namespace Radio.IntegrationTests.Station.Sound;

/// <summary>The renderer on its own, with the real ffmpeg and songs it generates: every format comes out as the station's.</summary>
public sealed class FfmpegRendererTests : IDisposable
{
    private static readonly StationSound Station = new(44100, 2, 128, -16);
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "radio-render-tests", Guid.NewGuid().ToString("N"));

    public FfmpegRendererTests() => Directory.CreateDirectory(_dir);

    public static TheoryData<string> Formats => ["48 kHz mono", "22.05 kHz stereo VBR", "44.1 kHz 320 kbit/s", "quiet", "loud"];

    [Theory]
    [MemberData(nameof(Formats))]
    public async Task A_rendition_has_the_station_rate_channels_bitrate_and_loudness(string name)
    {
        var format = FormatNamed(name);
        var song = await FfmpegSongs.SineAsync(format, 4);
        var output = Path.Combine(_dir, "rendition.mp3");

        var rendered = await Renderer().RenderAsync(() => new MemoryStream(song), output, CancellationToken.None);

        var bytes = await File.ReadAllBytesAsync(output);
        var index = Mp3Frames.Read(bytes);
        var tag = LameTag.Read(bytes, index.Analysis);
        tag.Should().NotBeNull("ffmpeg writes a Xing/Info frame with the LAME tag");
        index.Analysis.ChangesFormat.Should().BeFalse();
        index.Frames.Should().OnlyContain(f => f.Header.SampleRate == 44100 && f.Header.Channels == 2 && f.Header.BitrateKbps == 128);
        tag!.Padding.Should().BeGreaterThanOrEqualTo(1152 + LameTag.DecoderDelay, "the end is trimmed so the padding fills a whole frame");
        rendered.DurationSeconds.Should().BeApproximately(4, 0.06);
        (await FfmpegSongs.IntegratedLufsAsync(output)).Should().BeApproximately(-16, 1);
    }

    [Fact]
    public async Task The_loud_and_quiet_test_songs_really_differ_from_the_target()
    {
        var quiet = Path.Combine(_dir, "quiet.mp3");
        var loud = Path.Combine(_dir, "loud.mp3");
        await File.WriteAllBytesAsync(quiet, await FfmpegSongs.SineAsync(FormatNamed("quiet"), 4));
        await File.WriteAllBytesAsync(loud, await FfmpegSongs.SineAsync(FormatNamed("loud"), 4));

        (await FfmpegSongs.IntegratedLufsAsync(quiet)).Should().BeApproximately(-30, 1.5);
        (await FfmpegSongs.IntegratedLufsAsync(loud)).Should().BeApproximately(-8, 1.5);
    }

    [Fact]
    public async Task A_file_ffmpeg_cannot_decode_is_a_rendition_error()
    {
        var garbage = FfmpegSongs.UndecodableMp3(200);

        var render = () => Renderer().RenderAsync(() => new MemoryStream(garbage), Path.Combine(_dir, "x.mp3"), CancellationToken.None);

        await render.Should().ThrowAsync<RenditionException>();
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    internal static SongFormat FormatNamed(string name) => name switch
    {
        "48 kHz mono" => SongFormat.Mono48k(),
        "22.05 kHz stereo VBR" => SongFormat.Stereo22kVbr(),
        "44.1 kHz 320 kbit/s" => SongFormat.Stereo44k320(),
        "quiet" => SongFormat.Stereo44k128(-30),
        _ => SongFormat.Stereo44k128(-8),
    };

    private static FfmpegRenderer Renderer() => new(FfmpegSongs.Ffmpeg, FfmpegLocation.FindNice(), Station);
}
