namespace Radio.Infrastructure.Media;

/// <summary>
/// What <see cref="Mp3Analyzer"/> found. <see cref="AudioStartOffset"/> is where the first MPEG frame starts (after any
/// ID3v2 tag; a Xing/Info/VBRI tag frame counts as that first frame). <see cref="BitrateKbps"/> is the mean over audio frames.
/// <see cref="SampleRate"/>, <see cref="Channels"/> and <see cref="Layer"/> are the first frame's; <see cref="ChangesFormat"/> says that frames
/// with another channel count, or a run of frames of another MPEG version, layer or sample rate, follow it (the latter
/// are a stream of their own and not counted). The sizes say how much of the file is MPEG audio: <see cref="FrameBytes"/>
/// counts every complete frame, of the stream or another, up to <see cref="AudioEndOffset"/>, where the last ends.
/// </summary>
internal sealed record Mp3Analysis(
    bool IsValid,
    string? Error,
    double DurationSeconds,
    long FrameCount,
    int BitrateKbps,
    int SampleRate,
    int Channels,
    long AudioStartOffset,
    bool ChangesFormat,
    int Layer)
{
    public long FileBytes { get; init; }

    /// <summary>The leading ID3v2 tags (0 without).</summary>
    public long Id3v2Bytes { get; init; }

    public long FrameBytes { get; init; }

    public long AudioEndOffset { get; init; }

    /// <summary>The file ends with an ID3v1 tag, after its last frame (its last <see cref="Id3v1Length"/> bytes).</summary>
    public bool EndsWithId3v1 { get; init; }

    public const int Id3v1Length = 128;

    /// <summary>The share of the bytes between the ID3v2 and ID3v1 tags that are MPEG frames.</summary>
    public double FrameCoverage
    {
        get
        {
            var between = FileBytes - Id3v2Bytes - (EndsWithId3v1 ? Id3v1Length : 0);
            return between > 0 ? FrameBytes / (double)between : 0;
        }
    }

    internal static Mp3Analysis Invalid(string error) => new(false, error, 0, 0, 0, 0, 0, -1, false, 0);
}
