using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;

namespace Radio.TestData;

/// <summary>
/// A test song's format: a sine tone at some rate and channel count, encoded by libmp3lame with <see cref="Encoding"/>
/// (<c>-b:a 320k</c> for CBR, <c>-q:a 4</c> for VBR), at about <see cref="Lufs"/>.
/// </summary>
public sealed record SongFormat(string Name, int SampleRate, int Channels, string[] Encoding, double Lufs = -20, int Frequency = 440)
{
    public static SongFormat Mono48k(double lufs = -20) => new("48 kHz mono", 48000, 1, ["-b:a", "96k"], lufs, 523);

    public static SongFormat Stereo22kVbr(double lufs = -20) => new("22.05 kHz stereo VBR", 22050, 2, ["-q:a", "4"], lufs, 330);

    public static SongFormat Stereo44k320(double lufs = -20) => new("44.1 kHz 320 kbit/s", 44100, 2, ["-b:a", "320k"], lufs, 392);

    public static SongFormat Stereo44k128(double lufs = -20) => new("44.1 kHz 128 kbit/s", 44100, 2, ["-b:a", "128k"], lufs, 440);

    public override string ToString() => $"{Name} at {Lufs} LUFS";
}

/// <summary>Makes test songs with the real ffmpeg, and measures audio the way a listener's tools would.</summary>
public static partial class FfmpegSongs
{
    // ffmpeg's sine source has an amplitude of 1/8; a 440 Hz tone of it measures about this loudness
    private const double MonoSineLufs = -22.3;

    public static string Ffmpeg { get; } = FindOnPath("ffmpeg") ?? "/usr/bin/ffmpeg";

    public static bool Available => File.Exists(Ffmpeg);

    /// <summary>An MP3 of a sine tone of <paramref name="seconds"/> in <paramref name="format"/>.</summary>
    public static async Task<byte[]> SineAsync(SongFormat format, double seconds)
    {
        var gain = format.Lufs - MonoSineLufs; // ffmpeg upmixes mono to stereo at -3 dB per channel: the same loudness
        var path = Path.Combine(Path.GetTempPath(), $"radio-song-{Guid.NewGuid():N}.mp3");
        try
        {
            await RunAsync(
            [
                "-f", "lavfi", "-i", Invariant($"sine=frequency={format.Frequency}:sample_rate={format.SampleRate}:duration={seconds}"),
                "-af", Invariant($"volume={gain:0.00}dB"), "-ac", Invariant($"{format.Channels}"), "-ar", Invariant($"{format.SampleRate}"),
                "-c:a", "libmp3lame", .. format.Encoding, "-y", path,
            ]);
            return await File.ReadAllBytesAsync(path);
        }
        finally
        {
            File.Delete(path);
        }
    }

    /// <summary>
    /// MPEG-1 Layer III frames (44.1 kHz stereo, 128 kbit/s) with valid headers and random bodies: they pass an
    /// upload's frame check, but ffmpeg decodes none of them.
    /// </summary>
    public static byte[] UndecodableMp3(int frames)
    {
        var random = new Random(17);
        var bytes = new byte[frames * 417];
        random.NextBytes(bytes);
        for (var i = 0; i < frames; i++)
        {
            bytes.AsSpan(i * 417, 4).SetTo4(0xFF, 0xFB, 0x90, 0x00);
        }

        return bytes;
    }

    /// <summary>EBU R128 integrated loudness (ffmpeg's ebur128) of a file, or of the part from <paramref name="from"/> to <paramref name="to"/> seconds.</summary>
    public static async Task<double> IntegratedLufsAsync(string path, double? from = null, double? to = null)
    {
        var range = from is null ? [] : new[] { "-ss", Invariant($"{from}"), "-to", Invariant($"{to}") };
        var log = await RunAsync([.. range, "-i", path, "-af", "ebur128", "-f", "null", "-"]);
        var summary = log[log.LastIndexOf("Summary:", StringComparison.Ordinal)..];
        return double.Parse(IntegratedLine().Match(summary).Groups[1].ValueSpan, CultureInfo.InvariantCulture);
    }

    /// <summary>Silences of at least <paramref name="minSeconds"/> below <paramref name="noiseDb"/> (ffmpeg's silencedetect).</summary>
    public static async Task<IReadOnlyList<(double Start, double Duration)>> SilencesAsync(string path, double minSeconds, double noiseDb = -60)
    {
        var log = await RunAsync(["-i", path, "-af", Invariant($"silencedetect=noise={noiseDb}dB:d={minSeconds}"), "-f", "null", "-"]);
        var starts = SilenceStart().Matches(log).Select(m => double.Parse(m.Groups[1].ValueSpan, CultureInfo.InvariantCulture)).ToList();
        var durations = SilenceDuration().Matches(log).Select(m => double.Parse(m.Groups[1].ValueSpan, CultureInfo.InvariantCulture)).ToList();
        return [.. starts.Select((s, i) => (s, i < durations.Count ? durations[i] : double.PositiveInfinity))];
    }

    /// <summary>How long a file plays when ffmpeg decodes it (the samples it decodes, not what a header claims).</summary>
    public static async Task<double> DecodedSecondsAsync(string path)
    {
        var bytes = await RunForBytesAsync(["-i", path, "-ac", "1", "-ar", "44100", "-f", "s16le", "pipe:1"]);
        return bytes / 2 / 44100.0;
    }

    /// <summary>Runs ffmpeg with <paramref name="args"/>; returns its log, throws when it fails.</summary>
    public static async Task<string> RunAsync(IEnumerable<string> args)
    {
        var (log, _) = await RunCoreAsync(args, countStdout: false);
        return log;
    }

    private static async Task<long> RunForBytesAsync(IEnumerable<string> args) => (await RunCoreAsync(args, countStdout: true)).Bytes;

    private static async Task<(string Log, long Bytes)> RunCoreAsync(IEnumerable<string> args, bool countStdout)
    {
        var start = new ProcessStartInfo(Ffmpeg)
        {
            RedirectStandardError = true, RedirectStandardOutput = countStdout, RedirectStandardInput = true, UseShellExecute = false,
        };
        foreach (var arg in (string[])["-hide_banner", "-nostdin", "-nostats", .. args])
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        process.StandardInput.Close();
        var log = process.StandardError.ReadToEndAsync();
        long bytes = 0;
        if (countStdout)
        {
            var buffer = new byte[65536];
            int read;
            while ((read = await process.StandardOutput.BaseStream.ReadAsync(buffer)) > 0)
            {
                bytes += read;
            }
        }

        await process.WaitForExitAsync();
        var text = await log;
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"ffmpeg failed ({process.ExitCode}): {text[Math.Max(0, text.Length - 2000)..]}");
        }

        return (text, bytes);
    }

    private static void SetTo4(this Span<byte> span, byte a, byte b, byte c, byte d) => (span[0], span[1], span[2], span[3]) = (a, b, c, d);

    private static string? FindOnPath(string name) => (Environment.GetEnvironmentVariable("PATH") ?? "")
        .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
        .Select(dir => Path.Combine(dir, name))
        .FirstOrDefault(File.Exists);

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    [GeneratedRegex(@"I:\s+(-?[0-9.]+) LUFS")]
    private static partial Regex IntegratedLine();

    [GeneratedRegex(@"silence_start: (-?[0-9.e+-]+)")]
    private static partial Regex SilenceStart();

    [GeneratedRegex(@"silence_duration: ([0-9.e+-]+)")]
    private static partial Regex SilenceDuration();
}
