using System.Buffers.Binary;

namespace Radio.Infrastructure.Media;

/// <summary>
/// What the first frame's Xing/Info tag and its LAME extension say about a file: how many audio frames follow, and
/// how many samples at the start (the encoder's delay) and at the end (its padding) are not part of the song.
/// Decoders add their own 529-sample delay on top of both.
/// </summary>
internal sealed record LameTag(int? Frames, int EncoderDelay, int Padding)
{
    /// <summary>The delay every MPEG Layer III decoder adds to the encoder's.</summary>
    public const int DecoderDelay = 529;

    private const int FramesFlag = 1;
    private const int BytesFlag = 2;
    private const int TocFlag = 4;
    private const int QualityFlag = 8;

    /// <summary>The tag in the first frame of an analysed <paramref name="file"/>, or null when that frame has no Xing/Info tag.</summary>
    public static LameTag? Read(ReadOnlySpan<byte> file, Mp3Analysis analysis)
    {
        if (!analysis.IsValid || analysis.AudioStartOffset >= file.Length)
        {
            return null;
        }

        var frame = file[checked((int)analysis.AudioStartOffset)..];
        if (!Mp3Frames.TryReadHeader(frame, out var header) || header.Layer != 3 || header.FrameLength > frame.Length)
        {
            return null;
        }

        frame = frame[..header.FrameLength];
        var at = header.XingOffset;
        if (at + 8 > frame.Length || !(frame[at..].StartsWith("Xing"u8) || frame[at..].StartsWith("Info"u8)))
        {
            return null;
        }

        var flags = BinaryPrimitives.ReadUInt32BigEndian(frame[(at + 4)..]);
        var cursor = at + 8;
        int? frames = null;
        if ((flags & FramesFlag) != 0 && cursor + 4 <= frame.Length)
        {
            frames = (int)Math.Min(BinaryPrimitives.ReadUInt32BigEndian(frame[cursor..]), int.MaxValue);
            cursor += 4;
        }

        cursor += ((flags & BytesFlag) != 0 ? 4 : 0) + ((flags & TocFlag) != 0 ? 100 : 0) + ((flags & QualityFlag) != 0 ? 4 : 0);

        // the LAME extension: a 9-byte encoder name, 12 bytes of settings, then delay and padding in 12 bits each
        if (cursor + 24 > frame.Length)
        {
            return new LameTag(frames, 0, 0);
        }

        var packed = frame.Slice(cursor + 21, 3);
        var delay = (packed[0] << 4) | (packed[1] >> 4);
        var padding = ((packed[1] & 0x0F) << 8) | packed[2];
        return new LameTag(frames, delay, padding);
    }

    /// <summary>Whole frames at the start that decode to nothing but the encoder's and decoder's delay.</summary>
    public int LeadingSilentFrames(int samplesPerFrame) => (EncoderDelay + DecoderDelay) / samplesPerFrame;

    /// <summary>
    /// Frames at the end that decode to padding (the decoder's delay pushes audio into it), rounded to the nearest frame:
    /// the renderer aims the padding at one whole frame, and when the resampler's count drifts by a few samples a frame
    /// that is mostly silence goes too, taking at most half a frame of the song's last sound with it.
    /// </summary>
    public int TrailingSilentFrames(int samplesPerFrame) =>
        (Math.Max(0, Padding - DecoderDelay) + (samplesPerFrame / 2)) / samplesPerFrame;
}
