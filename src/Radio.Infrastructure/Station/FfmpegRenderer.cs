using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
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
internal sealed partial class FfmpegRenderer(string ffmpeg, string? nice, StationSound sound)
{
    private const int NiceLevel = 10;
    private const int KeptLogLines = 200;

    // the encoder delay of LAME, which libmp3lame reports in the LAME tag; a decoder adds 529 more
    private const int LameEncoderDelay = 576;

    /// <summary>Renders <paramref name="openInput"/>'s audio into <paramref name="outputPath"/>; throws <see cref="RenditionException"/>.</summary>
    public async Task<RenderedSong> RenderAsync(Func<Stream> openInput, string outputPath, CancellationToken cancellationToken)
    {
        var measured = await MeasureAsync(openInput, cancellationToken);
        var encoded = await RunAsync(openInput, EncodeArguments(measured, outputPath), countStdout: false, cancellationToken);
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
        var run = await RunAsync(openInput, args, countStdout: true, cancellationToken);
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

    private async Task<Run> RunAsync(Func<Stream> openInput, string[] args, bool countStdout, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo(nice ?? ffmpeg)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = countStdout,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        if (nice is not null)
        {
            foreach (var arg in new[] { "-n", Invariant($"{NiceLevel}"), ffmpeg })
            {
                start.ArgumentList.Add(arg);
            }
        }

        foreach (var arg in (string[])["-hide_banner", "-nostdin", "-nostats", "-benchmark", "-loglevel", "info", .. args])
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start) ?? throw new RenditionException("ffmpeg could not be started.");
        try
        {
            var log = ReadLogAsync(process.StandardError);
            var stdout = countStdout ? CountAsync(process.StandardOutput.BaseStream, cancellationToken) : Task.FromResult(0L);
            await FeedAsync(openInput, process.StandardInput, cancellationToken);
            await process.WaitForExitAsync(cancellationToken);
            var lines = await log;
            var counted = await stdout;
            if (process.ExitCode != 0)
            {
                var last = lines.LastOrDefault(l => !l.StartsWith("bench:", StringComparison.Ordinal)) ?? "no output";
                throw new RenditionException(Invariant($"ffmpeg failed (exit code {process.ExitCode}): {last}"));
            }

            return new Run(counted, lines, CpuSeconds(lines));
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true); // cancelled: no ffmpeg is left rendering for nobody
            }
        }
    }

    private static async Task FeedAsync(Func<Stream> openInput, StreamWriter stdin, CancellationToken cancellationToken)
    {
        try
        {
            await using var input = openInput();
            await input.CopyToAsync(stdin.BaseStream, cancellationToken);
        }
        catch (IOException)
        {
            // ffmpeg stopped reading (it failed, or needs no more): its exit code says which
        }
        finally
        {
            try
            {
                stdin.Close();
            }
            catch (IOException)
            {
                // the pipe is already broken: nothing more to tell ffmpeg
            }
        }
    }

    private static async Task<long> CountAsync(Stream stdout, CancellationToken cancellationToken)
    {
        var buffer = new byte[64 * 1024];
        long total = 0;
        int read;
        while ((read = await stdout.ReadAsync(buffer, cancellationToken)) > 0)
        {
            total += read;
        }

        return total;
    }

    private static async Task<List<string>> ReadLogAsync(StreamReader stderr)
    {
        // a damaged file makes ffmpeg log a line per frame: keep the end, where the result and the summary are
        var lines = new Queue<string>();
        while (await stderr.ReadLineAsync() is { } line)
        {
            lines.Enqueue(line);
            if (lines.Count > KeptLogLines)
            {
                lines.Dequeue();
            }
        }

        return [.. lines];
    }

    private static double CpuSeconds(IEnumerable<string> lines) => lines
        .Select(l => BenchLine().Match(l))
        .Where(m => m.Success)
        .Sum(m => double.Parse(m.Groups[1].ValueSpan, CultureInfo.InvariantCulture) + double.Parse(m.Groups[2].ValueSpan, CultureInfo.InvariantCulture));

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    [GeneratedRegex(@"^bench: utime=([0-9.]+)s stime=([0-9.]+)s")]
    private static partial Regex BenchLine();

    private sealed record Run(long StdoutBytes, List<string> Log, double Cpu);

    private sealed record Measurement(long Samples, Loudness? Loudness, double Cpu);

    /// <summary>What ebur128 measured: integrated loudness and its gate, loudness range, true peak; null for a silent song.</summary>
    internal sealed record Loudness(double Integrated, double Threshold, double Range, double TruePeak)
    {
        public static Loudness? Parse(List<string> log)
        {
            var summary = log.FindLastIndex(l => l.Contains("Summary:", StringComparison.Ordinal));
            if (summary < 0)
            {
                return null;
            }

            var text = string.Join('\n', log.Skip(summary));
            double Read(Regex pattern) =>
                pattern.Match(text) is { Success: true } m
                    && double.TryParse(m.Groups[1].ValueSpan, NumberStyles.Float, CultureInfo.InvariantCulture, out var v)
                    ? v
                    : double.NaN;
            var measured = new Loudness(Read(IntegratedLine()), Read(ThresholdLine()), Read(RangeLine()), Read(PeakLine()));

            // ebur128 reports silence as its floor of -70 LUFS: there is no loudness to normalise from
            return measured.Integrated > -70 && double.IsFinite(measured.Threshold) && double.IsFinite(measured.Range)
                && double.IsFinite(measured.TruePeak)
                ? measured
                : null;
        }
    }

    [GeneratedRegex(@"I:\s+(-?[0-9.]+|-inf) LUFS")]
    private static partial Regex IntegratedLine();

    [GeneratedRegex(@"Threshold:\s+(-?[0-9.]+|-inf) LUFS")]
    private static partial Regex ThresholdLine();

    [GeneratedRegex(@"LRA:\s+(-?[0-9.]+) LU")]
    private static partial Regex RangeLine();

    [GeneratedRegex(@"Peak:\s+(-?[0-9.]+|-inf) dBFS")]
    private static partial Regex PeakLine();
}

/// <summary>A finished rendition: how long it plays, the CPU ffmpeg spent, the loudness it was measured at.</summary>
internal sealed record RenderedSong(double DurationSeconds, double CpuSeconds, double? MeasuredLufs);

/// <summary>A rendition that cannot be made from this upload; the reason is stored with the song.</summary>
internal sealed class RenditionException(string message) : Exception(message);
