using System.Globalization;
using Radio.Infrastructure.Media;

namespace Radio.Infrastructure.Station;

/// <summary>
/// Makes a station rendition with ffmpeg in two passes: the first measures the song's EBU R128 loudness and true peak
/// (and counts its samples) after converting it to the station's rate and channels, the second applies the gain that
/// brings it to the station's loudness and encodes CBR MP3 with a Xing/Info + LAME header. That fixed gain is what
/// loudnorm's linear mode applies; only a song whose peaks would then pass the true-peak ceiling goes through
/// loudnorm itself (its dynamic mode), which works at 192 kHz and costs several times more. The song's end is trimmed
/// by under one frame so the encoder's padding fills whole frames, which the producer leaves out: songs join with no
/// added silence.
/// </summary>
internal sealed class FfmpegRenderer(string ffmpeg, string? nice, StationSound sound)
{
    // the encoder delay of LAME, which libmp3lame reports in the LAME tag; a decoder adds 529 more
    private const int LameEncoderDelay = 576;

    /// <summary>Renders <paramref name="openInput"/>'s audio into <paramref name="outputPath"/>; throws <see cref="RenditionException"/>.</summary>
    public async Task<RenderedSong> RenderAsync(Func<Stream> openInput, string outputPath, CancellationToken cancellationToken)
    {
        var measured = await MeasureAsync(openInput, cancellationToken);
        var encoded = await FfmpegProcess.RunAsync(ffmpeg, nice, openInput, EncodeArguments(measured, outputPath), countStdout: false, judgesInput: false, cancellationToken);
        var bytes = await File.ReadAllBytesAsync(outputPath, cancellationToken);
        var playable = RenditionAudio.Read(bytes, sound)
            ?? throw new RenditionException("ffmpeg wrote no audio in the station's format.");
        return new RenderedSong(playable.DurationSeconds, measured.Cpu + encoded.Cpu, measured.Loudness?.Integrated);
    }

    /// <summary>
    /// The filter that brings a song measured at <paramref name="loudness"/> to the station's loudness: a fixed gain when
    /// its true peak stays under the ceiling, else loudnorm; nothing for a silent song.
    /// </summary>
    internal static string? Normalisation(Loudness? loudness, StationSound sound)
    {
        if (loudness is null)
        {
            return null;
        }

        var gain = sound.LoudnessLufs - loudness.Integrated;
        return loudness.TruePeak + gain <= StationSound.TruePeakDb
            ? Invariant($"volume={gain:0.00}dB")
            : Invariant($"loudnorm=I={sound.LoudnessLufs}:TP={StationSound.TruePeakDb}:LRA={StationSound.LoudnessRange}:measured_I={loudness.Integrated}:measured_TP={loudness.TruePeak}:measured_LRA={loudness.Range}:measured_thresh={loudness.Threshold}:offset=0:linear=true");
    }

    private string ToStationFormat => Invariant(
        $"aresample={sound.SampleRate},aformat=sample_rates={sound.SampleRate}:channel_layouts={(sound.Channels == 1 ? "mono" : "stereo")}");

    private async Task<Measurement> MeasureAsync(Func<Stream> openInput, CancellationToken cancellationToken)
    {
        string[] args =
        [
            "-i", "pipe:0", "-map", "0:a:0", "-vn", "-sn",
            "-af", $"{ToStationFormat},ebur128=peak=true:framelog=verbose",
            "-f", "s16le", "pipe:1",
        ];
        var run = await FfmpegProcess.RunAsync(ffmpeg, nice, openInput, args, countStdout: true, judgesInput: true, cancellationToken);
        var samples = run.StdoutBytes / (2 * sound.Channels);
        if (samples == 0)
        {
            throw new RenditionException("ffmpeg decoded no audio from the upload.");
        }

        return new Measurement(samples, Loudness.Parse(run.Log), run.Cpu);
    }

    private string[] EncodeArguments(Measurement measured, string outputPath)
    {
        List<string> filters = [ToStationFormat];
        if (Normalisation(measured.Loudness, sound) is { } normalisation)
        {
            filters.Add(normalisation);
            if (normalisation.StartsWith("loudnorm", StringComparison.Ordinal))
            {
                filters.Add(ToStationFormat); // loudnorm hands on 192 kHz
            }
        }

        // cut the end so the audio plus the encoder's and the decoder's delay end on a frame boundary: the padding
        // after it then fills whole frames
        var frame = sound.SamplesPerFrame;
        var aligned = measured.Samples - ((measured.Samples + LameEncoderDelay + LameTag.DecoderDelay) % frame);
        if (aligned > frame)
        {
            filters.Add(Invariant($"atrim=end_sample={aligned}"));
        }

        return
        [
            "-i", "pipe:0", "-map", "0:a:0", "-vn", "-sn", "-map_metadata", "-1",
            "-af", string.Join(',', filters),
            "-c:a", "libmp3lame", "-b:a", Invariant($"{sound.BitrateKbps}k"),
            "-write_xing", "1", "-id3v2_version", "0", "-f", "mp3", "-y", outputPath,
        ];
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    private sealed record Measurement(long Samples, Loudness? Loudness, double Cpu);
}

/// <summary>A finished rendition: how long it plays, the CPU ffmpeg spent, the loudness it was measured at.</summary>
internal sealed record RenderedSong(double DurationSeconds, double CpuSeconds, double? MeasuredLufs);

/// <summary>A rendition that cannot be made from this upload; the reason is stored with the song.</summary>
internal sealed class RenditionException(string message) : Exception(message);
