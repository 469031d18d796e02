using System.Buffers.Binary;

namespace Radio.Infrastructure.Media;

/// <summary>
/// What the first frame's Xing/Info tag and its LAME extension say about a file: how many audio frames follow, and
/// how many samples at the start (the encoder's delay) and at the end (its padding) are not part of the song.
/// Decoders add their own 529-sample delay on top of both.
/// </summary>
public sealed record LameTag(int? Frames, int EncoderDelay, int Padding)
{
    /// <summary>The delay every MPEG Layer III decoder adds to the encoder's.</summary>
    public const int DecoderDelay = 529;

    private const int FramesFlag = 1;
    private const int BytesFlag = 2;
    private const int TocFlag = 4;
    private const int QualityFlag = 8;

    /// <summary>The tag in <paramref name="frame"/>, or null when the frame is audio (no Xing/Info tag there).</summary>
    public static LameTag? Read(ReadOnlySpan<byte> bytes, MpegAudioFrame frame)
    {
        var at = frame.Offset + frame.TagOffset;
        var end = frame.Offset + frame.Length;
        if (at + 8 > end || end > bytes.Length || !(bytes[at..].StartsWith("Xing"u8) || bytes[at..].StartsWith("Info"u8)))
        {
            return null;
        }

        var flags = BinaryPrimitives.ReadUInt32BigEndian(bytes[(at + 4)..]);
        var cursor = at + 8;
        int? frames = null;
        if ((flags & FramesFlag) != 0 && cursor + 4 <= end)
        {
            frames = (int)Math.Min(BinaryPrimitives.ReadUInt32BigEndian(bytes[cursor..]), int.MaxValue);
            cursor += 4;
        }

        cursor += ((flags & BytesFlag) != 0 ? 4 : 0) + ((flags & TocFlag) != 0 ? 100 : 0) + ((flags & QualityFlag) != 0 ? 4 : 0);

        // the LAME extension: a 9-byte encoder name, 12 bytes of settings, then delay and padding in 12 bits each
        if (cursor + 24 > end)
        {
            return new LameTag(frames, 0, 0);
        }

        var packed = bytes.Slice(cursor + 21, 3);
        var delay = (packed[0] << 4) | (packed[1] >> 4);
        var padding = ((packed[1] & 0x0F) << 8) | packed[2];
        return new LameTag(frames, delay, padding);
    }

    /// <summary>Whole frames at the start that decode to nothing but the encoder's and decoder's delay.</summary>
    public int LeadingSilentFrames(int samplesPerFrame) => (EncoderDelay + DecoderDelay) / samplesPerFrame;

    /// <summary>Whole frames at the end that decode to nothing but padding (the decoder's delay pushes audio into it).</summary>
    public int TrailingSilentFrames(int samplesPerFrame) => Math.Max(0, Padding - DecoderDelay) / samplesPerFrame;
}
