using System.Buffers.Binary;
using System.Globalization;
using Radio.TestData;

namespace Radio.ClusterTests;

/// <summary>
/// Songs already in the station's format (44.1 kHz stereo, 128 kbit/s CBR), so instances without ffmpeg put them on
/// the air as uploaded. Every frame carries its song's number and its own index in its last bytes (main data, which
/// no frame check reads), so any window of the stream is found at one place only in another listener's bytes.
/// </summary>
public static class ClusterSongs
{
    public const int BitrateKbps = 128;
    public const int BytesPerSecond = BitrateKbps * 1000 / 8;

    public static byte[] Numbered(int song, double seconds)
    {
        var audio = Mp3Writer.Cbr(seconds, BitrateKbps);
        var frame = 0;
        for (var at = 0; at < audio.Length; at += FrameLength(audio, at), frame++)
        {
            var end = at + FrameLength(audio, at);
            BinaryPrimitives.WriteInt32BigEndian(audio.AsSpan(end - 8), song);
            BinaryPrimitives.WriteInt32BigEndian(audio.AsSpan(end - 4), frame);
        }

        return audio;
    }

    /// <summary>The duration the server computes for <see cref="Numbered"/>: whole frames of 1152 samples.</summary>
    public static double DurationOf(double seconds) => Mp3Writer.FramesFor(seconds) * 1152 / 44100.0;

    /// <summary>The numbered frames in a stream, from its first frame header on: (song, index in the song).</summary>
    public static List<(int Song, int Frame)> Frames(byte[] stream)
    {
        var frames = new List<(int, int)>();
        for (var at = stream.AsSpan().IndexOf([(byte)0xFF, (byte)0xFB]); at >= 0 && at + 4 <= stream.Length && stream[at] == 0xFF;)
        {
            var end = at + FrameLength(stream, at);
            if (end > stream.Length)
            {
                break;
            }

            frames.Add((BinaryPrimitives.ReadInt32BigEndian(stream.AsSpan(end - 8)), BinaryPrimitives.ReadInt32BigEndian(stream.AsSpan(end - 4))));
            at = end;
        }

        return frames;
    }

    /// <summary>Whether a song's frames skip ahead somewhere: a producer that stalled rejoined the schedule live.</summary>
    public static bool SkipsAhead(byte[] stream) =>
        Frames(stream).Zip(Frames(stream).Skip(1)).Any(p => p.First.Song == p.Second.Song && p.Second.Frame != p.First.Frame + 1);

    /// <summary>The frames in a stream as <c>song:frame</c>, to tell where two streams part.</summary>
    public static string Describe(byte[] stream) =>
        string.Join(' ', Frames(stream).Select(f => string.Create(CultureInfo.InvariantCulture, $"{f.Song}:{f.Frame}")));

    private static int FrameLength(byte[] audio, int at) => (144 * BitrateKbps * 1000 / 44100) + ((audio[at + 2] >> 1) & 1);
}
