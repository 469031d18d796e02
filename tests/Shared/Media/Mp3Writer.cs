using System.Buffers.Binary;

namespace Radio.TestData;

/// <summary>Builds valid silent MPEG audio: frames of zeros after a real header decode as silence.</summary>
public static class Mp3Writer
{
    private static readonly int[] Mpeg1Layer3Kbps = [32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320];
    private static readonly int[] Mpeg2Layer3Kbps = [8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160];

    /// <summary>MPEG-1 Layer III frames needed to cover <paramref name="seconds"/> (rounded up).</summary>
    public static int FramesFor(double seconds, int sampleRate = 44100) =>
        (int)Math.Ceiling(seconds * sampleRate / 1152 - 1e-9);

    /// <summary>A CBR MPEG-1 Layer III file of <see cref="FramesFor"/> frames, padded so the bitrate holds exactly.</summary>
    public static byte[] Cbr(double seconds, int bitrateKbps = 128, int sampleRate = 44100, bool mono = false)
    {
        using var output = new MemoryStream();
        WriteCbrFrames(output, FramesFor(seconds, sampleRate), bitrateKbps, sampleRate, mono);
        return output.ToArray();
    }

    /// <summary>Writes CBR frames until at least <paramref name="minimumBytes"/> are written, one frame in memory at a time.</summary>
    public static long WriteLarge(Stream destination, long minimumBytes, int bitrateKbps = 320, int sampleRate = 44100)
    {
        var frameBytes = 144L * bitrateKbps * 1000 / sampleRate;
        var frames = (int)((minimumBytes + frameBytes - 1) / frameBytes);
        WriteCbrFrames(destination, frames, bitrateKbps, sampleRate, mono: false);
        return frames;
    }

    /// <summary>A VBR MPEG-1 Layer III file: a Xing tag frame (claiming <paramref name="xingFrames"/>, default the real count), then one frame per bitrate.</summary>
    public static byte[] VbrXing(int[] bitratesKbps, int sampleRate = 44100, int? xingFrames = null, string tag = "Xing")
    {
        var tagFrame = Frame(1, 3, 128, sampleRate, padding: false, mono: false);
        var at = 4 + 32;
        System.Text.Encoding.ASCII.GetBytes(tag, tagFrame.AsSpan(at));
        BinaryPrimitives.WriteUInt32BigEndian(tagFrame.AsSpan(at + 4), 0x3);   // frames and bytes fields present
        BinaryPrimitives.WriteUInt32BigEndian(tagFrame.AsSpan(at + 8), (uint)(xingFrames ?? bitratesKbps.Length));
        return Concat(tagFrame, Frames(bitratesKbps, sampleRate));
    }

    /// <summary>Like <see cref="VbrXing"/> with a Fraunhofer VBRI tag frame instead.</summary>
    public static byte[] VbrVbri(int[] bitratesKbps, int sampleRate = 44100, int? vbriFrames = null)
    {
        var tagFrame = Frame(1, 3, 128, sampleRate, padding: false, mono: false);
        var at = 36;
        "VBRI"u8.CopyTo(tagFrame.AsSpan(at));
        BinaryPrimitives.WriteUInt16BigEndian(tagFrame.AsSpan(at + 4), 1);      // version
        BinaryPrimitives.WriteUInt32BigEndian(tagFrame.AsSpan(at + 10), 0);     // bytes
        BinaryPrimitives.WriteUInt32BigEndian(tagFrame.AsSpan(at + 14), (uint)(vbriFrames ?? bitratesKbps.Length));
        return Concat(tagFrame, Frames(bitratesKbps, sampleRate));
    }

    /// <summary>One silent frame. <paramref name="version"/> is 1, 2 or 25 (MPEG-2.5); <paramref name="layer"/> 1 to 3.</summary>
    public static byte[] Frame(int version, int layer, int bitrateKbps, int sampleRate, bool padding, bool mono)
    {
        var (versionBits, rates) = version switch
        {
            1 => (3, new[] { 44100, 48000, 32000 }),
            2 => (2, new[] { 22050, 24000, 16000 }),
            25 => (0, new[] { 11025, 12000, 8000 }),
            _ => throw new ArgumentOutOfRangeException(nameof(version)),
        };
        var table = BitrateTable(version, layer);
        var header = new byte[]
        {
            0xFF,
            (byte)(0xE0 | versionBits << 3 | (4 - layer) << 1 | 1),   // no CRC
            (byte)((Array.IndexOf(table, bitrateKbps) + 1) << 4 | Array.IndexOf(rates, sampleRate) << 2 | (padding ? 2 : 0)),
            (byte)(mono ? 0xC0 : 0x00),
        };
        if (Array.IndexOf(table, bitrateKbps) < 0 || Array.IndexOf(rates, sampleRate) < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(bitrateKbps), "No such bitrate or sample rate for this version.");
        }

        var samples = layer == 1 ? 384 : layer == 2 || version == 1 ? 1152 : 576;
        var length = layer == 1
            ? ((12 * bitrateKbps * 1000 / sampleRate) + (padding ? 1 : 0)) * 4
            : (samples / 8 * bitrateKbps * 1000 / sampleRate) + (padding ? 1 : 0);
        var frame = new byte[length];
        header.CopyTo(frame, 0);
        return frame;
    }

    /// <summary>Puts an ID3v2.4 tag of <paramref name="bodyBytes"/> padding bytes (plus an optional footer) in front.</summary>
    public static byte[] WithId3v2(byte[] audio, int bodyBytes = 1000, bool footer = false)
    {
        var size = new byte[] { (byte)(bodyBytes >> 21 & 0x7F), (byte)(bodyBytes >> 14 & 0x7F), (byte)(bodyBytes >> 7 & 0x7F), (byte)(bodyBytes & 0x7F) };
        byte[] head = [(byte)'I', (byte)'D', (byte)'3', 4, 0, (byte)(footer ? 0x10 : 0), .. size];
        byte[] foot = footer ? [(byte)'3', (byte)'D', (byte)'I', 4, 0, 0x10, .. size] : [];
        return Concat(head, new byte[bodyBytes], foot, audio);
    }

    /// <summary>Appends a 128-byte ID3v1 tag.</summary>
    public static byte[] WithId3v1(byte[] audio, string title = "Silence")
    {
        var tag = new byte[128];
        "TAG"u8.CopyTo(tag);
        System.Text.Encoding.ASCII.GetBytes(title, tag.AsSpan(3));
        tag[127] = 0xFF;   // genre "none"
        return Concat(audio, tag);
    }

    public static byte[] Concat(params byte[][] parts) => parts.SelectMany(p => p).ToArray();

    private static void WriteCbrFrames(Stream destination, int frames, int bitrateKbps, int sampleRate, bool mono)
    {
        var plain = Frame(1, 3, bitrateKbps, sampleRate, padding: false, mono);
        var padded = Frame(1, 3, bitrateKbps, sampleRate, padding: true, mono);
        var remainder = 144 * bitrateKbps * 1000 % sampleRate;
        var owed = 0;
        for (var i = 0; i < frames; i++)
        {
            // pad a frame whenever the fractional bytes owed add up to one, as encoders do
            owed += remainder;
            var pad = owed >= sampleRate;
            if (pad)
            {
                owed -= sampleRate;
            }

            destination.Write(pad ? padded : plain);
        }
    }

    private static byte[] Frames(int[] bitratesKbps, int sampleRate) =>
        Concat(bitratesKbps.Select(kbps => Frame(1, 3, kbps, sampleRate, padding: false, mono: false)).ToArray());

    private static int[] BitrateTable(int version, int layer) => (version, layer) switch
    {
        (1, 1) => [32, 64, 96, 128, 160, 192, 224, 256, 288, 320, 352, 384, 416, 448],
        (1, 2) => [32, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320, 384],
        (1, 3) => Mpeg1Layer3Kbps,
        (_, 1) => [32, 48, 56, 64, 80, 96, 112, 128, 144, 160, 176, 192, 224, 256],
        _ => Mpeg2Layer3Kbps,
    };
}
