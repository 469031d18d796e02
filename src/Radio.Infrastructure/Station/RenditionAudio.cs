using Radio.Infrastructure.Media;

namespace Radio.Infrastructure.Station;

/// <summary>
/// The frames of a song the station sends: its Xing/Info frame and the whole frames that its LAME tag says hold only
/// the encoder's delay or padding are left out, so one song's last sound meets the next one's first.
/// </summary>
internal sealed record RenditionAudio(IReadOnlyList<Mp3FrameInfo> Frames, int SamplesPerFrame, int SampleRate)
{
    public double DurationSeconds => Frames.Count * SamplesPerFrame / (double)SampleRate;

    /// <summary>The playable frames of <paramref name="bytes"/>; null unless every frame has the station's format.</summary>
    public static RenditionAudio? Read(ReadOnlySpan<byte> bytes, StationSound sound) => From(bytes, Mp3Frames.Read(bytes), sound);

    /// <summary>The playable frames of <paramref name="bytes"/>, already walked into <paramref name="index"/>.</summary>
    public static RenditionAudio? From(ReadOnlySpan<byte> bytes, Mp3FrameIndex index, StationSound sound)
    {
        var audio = index.Frames;
        if (audio.Count == 0 || index.Analysis.ChangesFormat || !audio.All(f => sound.IsRendition(f.Header)))
        {
            return null;
        }

        var tag = LameTag.Read(bytes, index.Analysis);
        var spf = audio[0].Header.SamplesPerFrame;
        var (lead, trail) = tag is null ? (0, 0) : (tag.LeadingSilentFrames(spf), tag.TrailingSilentFrames(spf));
        var kept = lead + trail < audio.Count ? audio.Skip(lead).Take(audio.Count - lead - trail).ToList() : audio;
        return new RenditionAudio(kept, spf, audio[0].Header.SampleRate);
    }
}
