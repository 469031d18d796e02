namespace Radio.Infrastructure.Media;

internal enum MpegVersion
{
    Mpeg1,
    Mpeg2,
    Mpeg25,
}

/// <summary>The channel mode bits of a frame header, in their wire order.</summary>
internal enum ChannelMode
{
    Stereo,
    JointStereo,
    DualChannel,
    Mono,
}

/// <summary>One decoded 4-byte MPEG audio frame header; only <see cref="Mp3Frames.TryReadHeader"/> makes one.</summary>
internal readonly record struct Mp3FrameHeader
{
    internal Mp3FrameHeader(MpegVersion version, int layer, int bitrateKbps, int sampleRate, bool hasPadding,
        bool hasCrc, ChannelMode channelMode)
    {
        Version = version;
        Layer = layer;
        BitrateKbps = bitrateKbps;
        SampleRate = sampleRate;
        HasPadding = hasPadding;
        HasCrc = hasCrc;
        ChannelMode = channelMode;
    }

    public MpegVersion Version { get; }
    public int Layer { get; }
    public int BitrateKbps { get; }
    public int SampleRate { get; }
    public bool HasPadding { get; }

    /// <summary>A 16-bit CRC follows the header (the protection bit is 0).</summary>
    public bool HasCrc { get; }

    public ChannelMode ChannelMode { get; }

    public int Channels => ChannelMode == ChannelMode.Mono ? 1 : 2;

    public int SamplesPerFrame => Layer switch
    {
        1 => 384,
        2 => 1152,
        _ => Version == MpegVersion.Mpeg1 ? 1152 : 576,
    };

    /// <summary>The whole frame in bytes, header included.</summary>
    public int FrameLength => Layer == 1
        ? ((12 * BitrateKbps * 1000 / SampleRate) + (HasPadding ? 1 : 0)) * 4
        : (SamplesPerFrame / 8 * BitrateKbps * 1000 / SampleRate) + (HasPadding ? 1 : 0);

    public double DurationSeconds => SamplesPerFrame / (double)SampleRate;

    /// <summary>Layer III side information length, which places a Xing/Info tag; 0 for Layers I and II.</summary>
    public int SideInfoLength => Layer != 3 ? 0
        : Version == MpegVersion.Mpeg1 ? (Channels == 1 ? 17 : 32)
        : (Channels == 1 ? 9 : 17);

    /// <summary>Where a Layer III frame's Xing/Info tag would start: after the header, any CRC and the side information.</summary>
    public int XingOffset => 4 + (HasCrc ? 2 : 0) + SideInfoLength;

    /// <summary>Frames of one stream share version, layer and sample rate; bitrate may vary (VBR).</summary>
    public bool IsSameStream(Mp3FrameHeader other) =>
        Version == other.Version && Layer == other.Layer && SampleRate == other.SampleRate;
}
