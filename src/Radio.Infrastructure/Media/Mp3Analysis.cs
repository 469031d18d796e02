namespace Radio.Infrastructure.Media;

/// <summary>
/// What <see cref="Mp3Analyzer"/> found. <see cref="AudioStartOffset"/> is where the first MPEG frame starts (after any
/// ID3v2 tag; a Xing/Info/VBRI tag frame counts as that first frame). <see cref="BitrateKbps"/> is the mean over audio frames.
/// <see cref="SampleRate"/>, <see cref="Channels"/> and <see cref="Layer"/> are the first frame's; <see cref="ChangesFormat"/> says that frames
/// with another channel count, or a run of frames of another MPEG version, layer or sample rate, follow it (the latter
/// are a stream of their own and not counted).
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
    internal static Mp3Analysis Invalid(string error) => new(false, error, 0, 0, 0, 0, 0, -1, false, 0);
}
