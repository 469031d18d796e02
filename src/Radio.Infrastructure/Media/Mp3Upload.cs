using System.Globalization;

namespace Radio.Infrastructure.Media;

/// <summary>
/// What an uploaded MP3 may store: its MPEG frames, with the ID3v2 tags before them and an ID3v1 tag at its end.
/// Anything after the last frame is dropped, so the server never serves arbitrary bytes as <c>audio/mpeg</c>; a file
/// that is mostly not frames is refused rather than cut down to a sliver.
/// </summary>
internal static class Mp3Upload
{
    public const double MinFrameCoverage = 0.9;

    /// <summary>Why the analysed file is not stored, or null when it is.</summary>
    public static string? Rejection(Mp3Analysis analysis) =>
        !analysis.IsValid ? analysis.Error
        : analysis.FrameCoverage < MinFrameCoverage
            ? string.Create(CultureInfo.InvariantCulture,
                $"Only {Math.Floor(analysis.FrameCoverage * 100)}% of the bytes after its ID3v2 tag are MPEG audio frames; at least {MinFrameCoverage * 100}% must be.")
            : null;

    /// <summary>The stored length: up to the last frame's end, plus the ID3v1 tag.</summary>
    public static long KeptBytes(Mp3Analysis analysis) =>
        analysis.AudioEndOffset + (analysis.EndsWithId3v1 ? Mp3Analysis.Id3v1Length : 0);

    /// <summary>
    /// Cuts <paramref name="file"/> (the whole upload, seekable, readable and writable) to <see cref="KeptBytes"/>,
    /// moving the ID3v1 tag to just after the last frame when something came between them; returns the new length.
    /// </summary>
    public static async Task<long> TrimAsync(Stream file, Mp3Analysis analysis, CancellationToken cancellationToken)
    {
        var kept = KeptBytes(analysis);
        if (kept >= analysis.FileBytes)
        {
            return analysis.FileBytes;
        }

        if (analysis.EndsWithId3v1)
        {
            var tag = new byte[Mp3Analysis.Id3v1Length];
            file.Seek(-tag.Length, SeekOrigin.End);
            await file.ReadExactlyAsync(tag, cancellationToken);
            file.Seek(analysis.AudioEndOffset, SeekOrigin.Begin);
            await file.WriteAsync(tag, cancellationToken);
        }

        file.SetLength(kept);
        return kept;
    }
}
