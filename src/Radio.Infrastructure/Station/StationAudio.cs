using Radio.Infrastructure.Media;

namespace Radio.Infrastructure.Station;

/// <summary>Indexes the audio the producer plays: a rendition without its delay and padding frames, else the file as it is.</summary>
internal static class StationAudio
{
    public static SongAudio Read(byte[] bytes, StationSound sound)
    {
        var index = Mp3Frames.Read(bytes);
        if (RenditionAudio.From(bytes, index, sound) is not { } rendition)
        {
            return new SongAudio(bytes, index.Frames);
        }

        var frameSeconds = rendition.SamplesPerFrame / (double)rendition.SampleRate;
        return new SongAudio(bytes, [.. rendition.Frames.Select((f, i) => f with { StartSeconds = i * frameSeconds })]);
    }
}
