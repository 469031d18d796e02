using System.Globalization;
using System.Text.RegularExpressions;

namespace Radio.Infrastructure.Station;

/// <summary>What ffmpeg's ebur128 measured of a song: integrated loudness and its gate, loudness range, true peak.</summary>
internal sealed partial record Loudness(double Integrated, double Threshold, double Range, double TruePeak)
{
    /// <summary>The summary at the end of an ebur128 log; null for a silent song.</summary>
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

    [GeneratedRegex(@"I:\s+(-?[0-9.]+|-inf) LUFS")]
    private static partial Regex IntegratedLine();

    [GeneratedRegex(@"Threshold:\s+(-?[0-9.]+|-inf) LUFS")]
    private static partial Regex ThresholdLine();

    [GeneratedRegex(@"LRA:\s+(-?[0-9.]+) LU")]
    private static partial Regex RangeLine();

    [GeneratedRegex(@"Peak:\s+(-?[0-9.]+|-inf) dBFS")]
    private static partial Regex PeakLine();
}
