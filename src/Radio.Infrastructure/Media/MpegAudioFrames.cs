namespace Radio.Infrastructure.Media;

/// <summary>
/// The audio frames of an MP3 held in memory: an ID3v2 tag is skipped, and a frame counts only when the next one
/// follows it (or it ends the file), so bytes inside a tag or a picture that look like a header are not taken.
/// </summary>
public static class MpegAudioFrames
{
    public static IReadOnlyList<MpegAudioFrame> Read(ReadOnlySpan<byte> bytes)
    {
        var frames = new List<MpegAudioFrame>();
        var at = Id3Length(bytes);
        while (at + 4 <= bytes.Length)
        {
            if (MpegAudioFrame.TryRead(bytes, at, out var frame) && Follows(bytes, frame))
            {
                frames.Add(frame);
                at += frame.Length;
            }
            else
            {
                at++;
            }
        }

        return frames;
    }

    private static bool Follows(ReadOnlySpan<byte> bytes, MpegAudioFrame frame)
    {
        var next = frame.Offset + frame.Length;
        if (next > bytes.Length)
        {
            return false;
        }

        // the end of the file, an ID3v1 tag, or another frame of the same stream
        return next + 4 > bytes.Length
            || bytes[next..].StartsWith("TAG"u8)
            || (MpegAudioFrame.TryRead(bytes, next, out var after) && after.SampleRate == frame.SampleRate);
    }

    private static int Id3Length(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length < 10 || !bytes.StartsWith("ID3"u8))
        {
            return 0;
        }

        // a synchsafe size: 7 bits per byte; a footer adds 10 bytes more
        var size = (bytes[6] << 21) | (bytes[7] << 14) | (bytes[8] << 7) | bytes[9];
        return 10 + size + ((bytes[5] & 0x10) != 0 ? 10 : 0);
    }
}
