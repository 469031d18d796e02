using System.Buffers.Binary;
using System.IO.Compression;

namespace Radio.TestData;

/// <summary>Builds real RGB PNG images (zlib IDAT, correct CRCs) that any decoder accepts.</summary>
public static class PngWriter
{
    public static byte[] Png(int width = 1, int height = 1)
    {
        using var output = new MemoryStream();
        output.Write([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]);
        var header = new byte[13];
        BinaryPrimitives.WriteInt32BigEndian(header, width);
        BinaryPrimitives.WriteInt32BigEndian(header.AsSpan(4), height);
        header[8] = 8;   // bit depth
        header[9] = 2;   // truecolour
        WriteChunk(output, "IHDR", header);
        WriteChunk(output, "IDAT", Pixels(width, height));
        WriteChunk(output, "IEND", []);
        return output.ToArray();
    }

    /// <summary>Offset of the IHDR data (width at +0, height at +4) and of its CRC, for corrupting tests.</summary>
    public const int IhdrDataOffset = 16;
    public const int IhdrCrcOffset = 29;

    private static byte[] Pixels(int width, int height)
    {
        using var compressed = new MemoryStream();
        using (var zlib = new ZLibStream(compressed, CompressionLevel.Optimal))
        {
            var row = new byte[1 + (width * 3)];   // filter type 0, then RGB
            for (var y = 0; y < height; y++)
            {
                for (var x = 0; x < width; x++)
                {
                    row[1 + (x * 3)] = (byte)(x * 7);
                    row[2 + (x * 3)] = (byte)(y * 5);
                    row[3 + (x * 3)] = 0x80;
                }

                zlib.Write(row);
            }
        }

        return compressed.ToArray();
    }

    private static void WriteChunk(Stream output, string type, byte[] data)
    {
        var typeBytes = System.Text.Encoding.ASCII.GetBytes(type);
        var length = new byte[4];
        BinaryPrimitives.WriteInt32BigEndian(length, data.Length);
        var crc = new byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(crc, Crc([.. typeBytes, .. data]));
        output.Write(length);
        output.Write(typeBytes);
        output.Write(data);
        output.Write(crc);
    }

    // bitwise on purpose: an implementation independent of the table-driven one under test
    private static uint Crc(byte[] bytes)
    {
        var crc = 0xFFFFFFFFu;
        foreach (var b in bytes)
        {
            crc ^= b;
            for (var k = 0; k < 8; k++)
            {
                crc = (crc & 1) != 0 ? (crc >> 1) ^ 0xEDB88320u : crc >> 1;
            }
        }

        return ~crc;
    }
}
