namespace Radio.Infrastructure.Media;

/// <summary>One MPEG audio frame of a file: where it is and the format its header declares.</summary>
public readonly record struct MpegAudioFrame(
    int Offset, int Length, int SampleRate, int Channels, int BitrateKbps, int Samples, int SideInfoOffset)
{
    private static readonly int[][] Mpeg1Kbps =
    [
        [0, 32, 64, 96, 128, 160, 192, 224, 256, 288, 320, 352, 384, 416, 448],
        [0, 32, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320, 384],
        [0, 32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320],
    ];

    private static readonly int[][] Mpeg2Kbps =
    [
        [0, 32, 48, 56, 64, 80, 96, 112, 128, 144, 160, 176, 192, 224, 256],
        [0, 8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160],
        [0, 8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160],
    ];

    private static readonly int[] Mpeg1Rates = [44100, 48000, 32000];

    /// <summary>Reads the 4-byte header at <paramref name="offset"/>; false when it is not a usable frame header.</summary>
    public static bool TryRead(ReadOnlySpan<byte> bytes, int offset, out MpegAudioFrame frame)
    {
        frame = default;
        if (offset + 4 > bytes.Length || bytes[offset] != 0xFF || (bytes[offset + 1] & 0xE0) != 0xE0)
        {
            return false;
        }

        var versionBits = (bytes[offset + 1] >> 3) & 3;   // 0: 2.5, 2: 2, 3: 1
        var layer = 4 - ((bytes[offset + 1] >> 1) & 3);
        var bitrateIndex = bytes[offset + 2] >> 4;
        var rateIndex = (bytes[offset + 2] >> 2) & 3;
        if (versionBits == 1 || layer == 4 || bitrateIndex is 0 or 15 || rateIndex == 3)
        {
            return false; // reserved values, or free format (no length to find the next frame by)
        }

        var mpeg1 = versionBits == 3;
        var kbps = (mpeg1 ? Mpeg1Kbps : Mpeg2Kbps)[layer - 1][bitrateIndex];
        var rate = Mpeg1Rates[rateIndex] / (mpeg1 ? 1 : versionBits == 2 ? 2 : 4);
        var padding = (bytes[offset + 2] >> 1) & 1;
        var mono = bytes[offset + 3] >> 6 == 3;
        var samples = layer == 1 ? 384 : layer == 2 || mpeg1 ? 1152 : 576;
        var length = layer == 1
            ? ((12 * kbps * 1000 / rate) + padding) * 4
            : (samples / 8 * kbps * 1000 / rate) + padding;
        var crc = (bytes[offset + 1] & 1) == 0 ? 2 : 0;
        var sideInfo = 4 + crc;
        frame = new MpegAudioFrame(offset, length, rate, mono ? 1 : 2, kbps, samples, sideInfo);
        return true;
    }

    /// <summary>Where a Xing/Info tag would start in this frame: after the header, any CRC and the side information.</summary>
    public int TagOffset => SideInfoOffset + (Samples == 1152 ? (Channels == 1 ? 17 : 32) : (Channels == 1 ? 9 : 17));
}
