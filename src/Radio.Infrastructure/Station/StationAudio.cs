using Radio.Infrastructure.Media;

namespace Radio.Infrastructure.Station;

/// <summary>Indexes the audio the producer plays: a rendition without its delay and padding frames, else the file as it is.</summary>
internal static class StationAudio
{
    public static SongAudio Read(byte[] bytes, StationSound sound)
    {
        if (RenditionAudio.Read(bytes, sound) is not { } rendition)
        {
            return SongAudio.Read(bytes);
        }

        var frameSeconds = rendition.SamplesPerFrame / (double)rendition.SampleRate;
        return new SongAudio(bytes, [.. rendition.Frames.Select((f, i) => new Mp3FrameInfo(f.Offset, f.Length, i * frameSeconds, frameSeconds))]);
    }
}
