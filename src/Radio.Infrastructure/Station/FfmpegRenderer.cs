using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Radio.Infrastructure.Media;

namespace Radio.Infrastructure.Station;

/// <summary>
/// Makes a station rendition with ffmpeg in two passes: the first measures the song's EBU R128 loudness (and counts
/// its samples at the station's rate), the second normalises it linearly to the station's loudness, resamples it and
/// encodes CBR MP3 with a Xing/Info + LAME header. The song's end is trimmed by under one frame so the encoder's
/// padding fills whole frames, which the producer then leaves out: songs join with no added silence.
/// </summary>
internal sealed partial class FfmpegRenderer(string ffmpeg, string? nice, StationSound sound)
{
    private const int NiceLevel = 10;
    private const int KeptErrorLines = 200;

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
        return new RenderedSong(playable.DurationSeconds, measured.Cpu + encoded.Cpu, measured.Loudness?.InputI);
    }

    private async Task<Measurement> MeasureAsync(Func<Stream> openInput, CancellationToken cancellationToken)
    {
        string[] args =
        [
            "-i", "pipe:0", "-map", "0:a:0", "-vn", "-sn",
            "-af", Invariant($"loudnorm=I={sound.LoudnessLufs}:TP={StationSound.TruePeakDb}:LRA={StationSound.LoudnessRange}:print_format=json"),
            "-ar", Invariant($"{sound.SampleRate}"), "-ac", Invariant($"{sound.Channels}"), "-f", "s16le", "pipe:1",
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
        var filters = new List<string>();
        if (measured.Loudness is { } l)
        {
            filters.Add(Invariant(
                $"loudnorm=I={sound.LoudnessLufs}:TP={StationSound.TruePeakDb}:LRA={StationSound.LoudnessRange}:measured_I={l.InputI}:measured_TP={l.InputTp}:measured_LRA={l.InputLra}:measured_thresh={l.InputThresh}:offset={l.TargetOffset}:linear=true"));
        }

        // loudnorm works at 192 kHz inside: resample after it, then cut the end so the audio plus the encoder's and
        // the decoder's delay end on a frame boundary; the padding after it then fills whole frames
        filters.Add(Invariant($"aresample={sound.SampleRate}"));
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
            "-ar", Invariant($"{sound.SampleRate}"), "-ac", Invariant($"{sound.Channels}"),
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
            if (lines.Count > KeptErrorLines)
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

    /// <summary>loudnorm's first-pass measurement; null when the song is silent (no loudness to normalise from).</summary>
    private sealed record Loudness(double InputI, double InputTp, double InputLra, double InputThresh, double TargetOffset)
    {
        public static Loudness? Parse(List<string> log)
        {
            var open = log.FindLastIndex(l => l.TrimEnd() == "{");
            var close = log.FindLastIndex(l => l.TrimEnd() == "}");
            if (open < 0 || close < open)
            {
                return null;
            }

            using var json = JsonDocument.Parse(string.Join('\n', log.GetRange(open, close - open + 1)));
            double Read(string name) =>
                double.TryParse(json.RootElement.GetProperty(name).GetString(), NumberStyles.Float, CultureInfo.InvariantCulture, out var v)
                    ? v
                    : double.NaN;
            var measured = new Loudness(Read("input_i"), Read("input_tp"), Read("input_lra"), Read("input_thresh"), Read("target_offset"));
            return double.IsFinite(measured.InputI) && double.IsFinite(measured.InputTp) && double.IsFinite(measured.InputThresh)
                && double.IsFinite(measured.InputLra) && double.IsFinite(measured.TargetOffset)
                ? measured
                : null;
        }
    }
}

/// <summary>A finished rendition: how long it plays, the CPU ffmpeg spent, the loudness it was measured at.</summary>
internal sealed record RenderedSong(double DurationSeconds, double CpuSeconds, double? MeasuredLufs);

/// <summary>A rendition that cannot be made from this upload; the reason is stored with the song.</summary>
internal sealed class RenditionException(string message) : Exception(message);
