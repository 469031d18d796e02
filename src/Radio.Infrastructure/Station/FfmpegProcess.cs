using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;

namespace Radio.Infrastructure.Station;

/// <summary>
/// One run of ffmpeg as a child process, <c>nice</c>d so listeners and heartbeats keep the CPU first: the input is
/// fed on stdin, stdout is counted (the measuring pass) or unused, the end of the log is kept, and the CPU the run
/// took is read from ffmpeg's own <c>-benchmark</c> line.
/// </summary>
internal static partial class FfmpegProcess
{
    private const int NiceLevel = 10;
    private const int KeptLogLines = 200;

    /// <summary>
    /// Runs ffmpeg (under nice, when given) with <paramref name="openInput"/> on its stdin. A failure that says the input
    /// cannot be rendered (<paramref name="judgesInput"/>: the pass that decodes it) is a <see cref="RenditionException"/>;
    /// any other (a full disk, a killed process) is an <see cref="IOException"/>, worth another try later.
    /// </summary>
    public static async Task<FfmpegRun> RunAsync(
        string ffmpeg, string? nice, Func<Stream> openInput, string[] args, bool countStdout, bool judgesInput,
        CancellationToken cancellationToken)
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
                var message = Invariant($"ffmpeg failed (exit code {process.ExitCode}): {last}");
                // 128 + n: killed by signal n (the OOM killer, an operator), which says nothing about the song
                throw judgesInput && process.ExitCode < 128 ? new RenditionException(message) : new IOException(message);
            }

            return new FfmpegRun(counted, lines, CpuSeconds(lines));
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true); // cancelled: no ffmpeg is left rendering for nobody
            }
        }
    }

    /// <summary>
    /// Copies the input to ffmpeg. Only a write to the pipe may fail quietly (ffmpeg stopped reading: its exit code
    /// says why); a failure to read the input must not pass for its end, or a cut-short rendition would go on air.
    /// </summary>
    private static async Task FeedAsync(Func<Stream> openInput, StreamWriter stdin, CancellationToken cancellationToken)
    {
        try
        {
            await using var input = openInput();
            var buffer = new byte[64 * 1024];
            int read;
            while ((read = await input.ReadAsync(buffer, cancellationToken)) > 0)
            {
                try
                {
                    await stdin.BaseStream.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
                }
                catch (IOException)
                {
                    return; // ffmpeg stopped reading
                }
            }
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
}

/// <summary>What a run left: the bytes it wrote to stdout, the end of its log, the CPU seconds it used.</summary>
internal sealed record FfmpegRun(long StdoutBytes, List<string> Log, double Cpu);
