namespace Radio.Infrastructure.Media;

/// <summary>Where one audio frame sits in a file, what its header says, and when it plays (from the first audio frame).</summary>
internal readonly record struct Mp3FrameInfo(long Offset, Mp3FrameHeader Header, double StartSeconds)
{
    public int Length => Header.FrameLength;
    public double DurationSeconds => Header.DurationSeconds;
}

/// <summary>An MP3 walked once: what <see cref="Mp3Analyzer"/> found, and the audio frames it counted.</summary>
internal sealed record Mp3FrameIndex(Mp3Analysis Analysis, IReadOnlyList<Mp3FrameInfo> Frames);

/// <summary>Reads MPEG audio (MPEG-1/2/2.5, Layers I–III) frame headers and walks a file frame by frame.</summary>
internal static class Mp3Frames
{
    // kbps by bitrate index 1..14
    private static readonly int[] V1Layer1 = [32, 64, 96, 128, 160, 192, 224, 256, 288, 320, 352, 384, 416, 448];
    private static readonly int[] V1Layer2 = [32, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320, 384];
    private static readonly int[] V1Layer3 = [32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320];
    private static readonly int[] V2Layer1 = [32, 48, 56, 64, 80, 96, 112, 128, 144, 160, 176, 192, 224, 256];
    private static readonly int[] V2Layer23 = [8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160];
    private static readonly int[] V1Rates = [44100, 48000, 32000];

    /// <summary>Decodes the 4-byte header at the start of <paramref name="bytes"/>; false for anything reserved or free-format.</summary>
    public static bool TryReadHeader(ReadOnlySpan<byte> bytes, out Mp3FrameHeader header)
    {
        header = default;
        if (bytes.Length < 4 || bytes[0] != 0xFF || (bytes[1] & 0xE0) != 0xE0)
        {
            return false;
        }

        var versionBits = (bytes[1] >> 3) & 3;
        var layerBits = (bytes[1] >> 1) & 3;
        var bitrateIndex = bytes[2] >> 4;
        var rateIndex = (bytes[2] >> 2) & 3;
        if (versionBits == 1 || layerBits == 0 || bitrateIndex is 0 or 15 || rateIndex == 3)
        {
            return false;
        }

        var version = versionBits switch { 3 => MpegVersion.Mpeg1, 2 => MpegVersion.Mpeg2, _ => MpegVersion.Mpeg25 };
        var layer = 4 - layerBits;
        var bitrates = (version, layer) switch
        {
            (MpegVersion.Mpeg1, 1) => V1Layer1,
            (MpegVersion.Mpeg1, 2) => V1Layer2,
            (MpegVersion.Mpeg1, _) => V1Layer3,
            (_, 1) => V2Layer1,
            _ => V2Layer23,
        };
        var divisor = version switch { MpegVersion.Mpeg1 => 1, MpegVersion.Mpeg2 => 2, _ => 4 };
        header = new Mp3FrameHeader(version, layer, bitrates[bitrateIndex - 1], V1Rates[rateIndex] / divisor,
            hasPadding: (bytes[2] & 0x02) != 0, hasCrc: (bytes[1] & 0x01) == 0, (ChannelMode)(bytes[3] >> 6));
        return true;
    }

    /// <summary>
    /// Analyses a file held in memory and lists its audio frames: those <see cref="Mp3Analyzer"/> counts, so ID3 tags,
    /// a Xing/Info/VBRI tag frame, a truncated last frame and whatever follows the stream are left out.
    /// </summary>
    public static Mp3FrameIndex Read(ReadOnlySpan<byte> file)
    {
        var analyzer = new Mp3Analyzer(collectFrames: true);
        analyzer.Append(file);
        var analysis = analyzer.Complete();
        return new Mp3FrameIndex(analysis, analyzer.TakeFrames());
    }
}
