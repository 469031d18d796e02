using Radio.Application.Station;
using Radio.Infrastructure.Media;

namespace Radio.Infrastructure.Station;

/// <summary>The one format and loudness every song goes on the air in (the <c>Radio:Station</c> sound keys).</summary>
internal sealed record StationSound(int SampleRate, int Channels, int BitrateKbps, double LoudnessLufs)
{
    /// <summary>The true peak every rendition stays under, in dBTP.</summary>
    public const double TruePeakDb = -1.5;

    /// <summary>The loudness range loudnorm aims for (only its dynamic mode uses it).</summary>
    public const double LoudnessRange = 11;

    private static readonly int[] Mpeg1Rates = [32000, 44100, 48000];
    private static readonly int[] Mpeg2Rates = [16000, 22050, 24000];
    private static readonly int[] Mpeg1Kbps = [32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320];
    private static readonly int[] Mpeg2Kbps = [8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160];

    public static StationSound From(StationOptions o) => new(o.SampleRate, o.Channels, o.BitrateKbps, o.LoudnessLufs);

    /// <summary>Samples in one MP3 frame at the station's rate (MPEG-2 rates carry half as many).</summary>
    public int SamplesPerFrame => Array.IndexOf(Mpeg1Rates, SampleRate) >= 0 ? 1152 : 576;

    /// <summary>Whether an MP3 can carry this format at all: the rate, channel count and bitrate are MPEG Layer III ones.</summary>
    public bool IsValid =>
        Channels is 1 or 2
        && (Array.IndexOf(Mpeg1Rates, SampleRate) >= 0 ? Mpeg1Kbps : Array.IndexOf(Mpeg2Rates, SampleRate) >= 0 ? Mpeg2Kbps : [])
            .Contains(BitrateKbps)
        && LoudnessLufs is >= -70 and <= -5; // loudnorm's own range

    /// <summary>Whether a frame already plays in the stream's format, so a player keeps going across the song change.</summary>
    public bool Carries(Mp3FrameHeader frame) => frame.Layer == 3 && frame.SampleRate == SampleRate && frame.Channels == Channels;

    /// <summary>Whether every frame of an analysed file plays in the stream's format.</summary>
    public bool Carries(Mp3Analysis file) =>
        file.IsValid && !file.ChangesFormat && file.Layer == 3 && file.SampleRate == SampleRate && file.Channels == Channels;

    /// <summary>Whether a frame is exactly what a rendition holds: the stream's format at its bitrate.</summary>
    public bool IsRendition(Mp3FrameHeader frame) => Carries(frame) && frame.BitrateKbps == BitrateKbps;
}
