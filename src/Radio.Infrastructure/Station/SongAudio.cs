using Radio.Infrastructure.Media;

namespace Radio.Infrastructure.Station;

/// <summary>
/// One song's MP3 in memory with its frame index, ready to be broadcast: the producer slices it into chunks of
/// whole frames (no copies), and a listener joining mid-song starts on the frame that contains the position.
/// </summary>
internal sealed class SongAudio
{
    private readonly ReadOnlyMemory<byte> _bytes;
    private readonly int[] _offsets;
    private readonly int[] _lengths;
    private readonly TimeSpan[] _starts;

    public SongAudio(ReadOnlyMemory<byte> bytes, IReadOnlyList<Mp3FrameInfo> frames)
    {
        _bytes = bytes;
        _offsets = [.. frames.Select(f => checked((int)f.Offset))];
        _lengths = [.. frames.Select(f => f.Length)];
        _starts = new TimeSpan[frames.Count + 1];
        for (var i = 0; i < frames.Count; i++)
        {
            _starts[i] = TimeSpan.FromSeconds(frames[i].StartSeconds);
        }

        _starts[^1] = frames.Count == 0 ? TimeSpan.Zero : TimeSpan.FromSeconds(frames[^1].StartSeconds + frames[^1].DurationSeconds);
    }

    /// <summary>Indexes a whole MP3 held in memory (ID3 tags and a Xing/Info frame are left out).</summary>
    public static SongAudio Read(byte[] bytes) => new(bytes, Mp3Frames.Read(bytes).Frames);

    public int FrameCount => _offsets.Length;

    public TimeSpan Duration => _starts[^1];

    /// <summary>Where frame <paramref name="frame"/> starts in the song (<see cref="FrameCount"/>: the end).</summary>
    public TimeSpan StartOf(int frame) => _starts[frame];

    /// <summary>The frame playing at <paramref name="position"/> (the last frame's end: <see cref="FrameCount"/>).</summary>
    public int FrameAt(TimeSpan position)
    {
        if (position <= TimeSpan.Zero)
        {
            return 0;
        }

        var index = Array.BinarySearch(_starts, position);
        return index >= 0 ? Math.Min(index, FrameCount) : Math.Min(~index - 1, FrameCount);
    }

    /// <summary>The bytes of frames [<paramref name="first"/>, <paramref name="end"/>), frame-aligned at both ends.</summary>
    public ReadOnlyMemory<byte> Frames(int first, int end)
    {
        if (end <= first)
        {
            return ReadOnlyMemory<byte>.Empty;
        }

        var start = _offsets[first];
        return _bytes[start..(_offsets[end - 1] + _lengths[end - 1])];
    }
}
