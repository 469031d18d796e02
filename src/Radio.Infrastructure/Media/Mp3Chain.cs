using System.Buffers.Binary;

namespace Radio.Infrastructure.Media;

/// <summary>The look-ahead checks <see cref="Mp3Analyzer"/> makes on the bytes it holds.</summary>
internal static class Mp3Chain
{
    private const int Id3v1Length = 128;

    /// <summary>Counts up to <paramref name="wanted"/> consecutive frame headers of one stream at the start of <paramref name="data"/>.</summary>
    public static int Count(ReadOnlySpan<byte> data, Mp3FrameHeader? format, int wanted, out bool ranOut, out int end)
    {
        ranOut = false;
        end = 0;
        var found = 0;
        while (found < wanted)
        {
            if (data.Length - end < 4)
            {
                ranOut = true;
                break;
            }

            if (!Mp3Frames.TryReadHeader(data[end..], out var header) || (format is { } f && !header.IsSameStream(f)))
            {
                break;
            }

            format ??= header;
            found++;
            end += header.FrameLength;
        }

        end = Math.Min(end, data.Length);
        return found;
    }

    public static bool IsId3v1(ReadOnlySpan<byte> rest) => rest.Length == Id3v1Length && rest.StartsWith("TAG"u8);

    /// <summary>The frame count of a Xing/Info or VBRI tag in the first frame, or null when there is none.</summary>
    public static long? VbrTagFrames(ReadOnlySpan<byte> frame, Mp3FrameHeader header)
    {
        var xing = header.XingOffset;
        if (header.Layer == 3 && frame.Length >= xing + 12
            && (frame[xing..].StartsWith("Xing"u8) || frame[xing..].StartsWith("Info"u8)))
        {
            const int FramesFlag = 1;
            return (ReadUInt32(frame[(xing + 4)..]) & FramesFlag) != 0 ? ReadUInt32(frame[(xing + 8)..]) : 0;
        }

        const int Vbri = 36;
        if (frame.Length >= Vbri + 18 && frame[Vbri..].StartsWith("VBRI"u8))
        {
            return ReadUInt32(frame[(Vbri + 14)..]);
        }

        return null;
    }

    public static uint ReadUInt32(ReadOnlySpan<byte> bytes) =>
        BinaryPrimitives.ReadUInt32BigEndian(bytes);
}
