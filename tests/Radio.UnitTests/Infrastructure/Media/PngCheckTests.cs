using System.Buffers.Binary;
using Radio.Infrastructure.Media;
using Radio.TestData;

namespace Radio.UnitTests.Infrastructure.Media;

public sealed class PngCheckTests
{
    [Fact]
    public void A_valid_png_gives_its_size()
    {
        var result = PngCheck.Check(PngWriter.Png(40, 30));

        result.IsValid.Should().BeTrue(result.Error);
        result.Width.Should().Be(40);
        result.Height.Should().Be(30);
    }

    [Fact]
    public void A_bad_signature_is_rejected()
    {
        var png = PngWriter.Png();
        png[1] = (byte)'J';

        var result = PngCheck.Check(png);

        result.IsValid.Should().BeFalse();
        result.Error.Should().Be("The file is not a PNG image.");
    }

    [Fact]
    public void A_wrong_header_crc_is_rejected()
    {
        var png = PngWriter.Png();
        png[PngWriter.IhdrCrcOffset] ^= 0x01;

        var result = PngCheck.Check(png);

        result.IsValid.Should().BeFalse();
        result.Error.Should().Contain("CRC");
    }

    [Fact]
    public void A_corrupted_image_data_chunk_is_rejected()
    {
        var png = PngWriter.Png(8, 8);
        png[^20] ^= 0x40;   // inside IDAT

        PngCheck.Check(png).IsValid.Should().BeFalse();
    }

    [Fact]
    public void A_zero_width_is_rejected_even_with_a_correct_crc()
    {
        var png = PngWriter.Png();
        BinaryPrimitives.WriteInt32BigEndian(png.AsSpan(PngWriter.IhdrDataOffset), 0);
        var crc = Crc32.Compute(png.AsSpan(PngWriter.IhdrDataOffset - 4, 17));
        BinaryPrimitives.WriteUInt32BigEndian(png.AsSpan(PngWriter.IhdrCrcOffset), crc);

        var result = PngCheck.Check(png);

        result.IsValid.Should().BeFalse();
        result.Error.Should().Contain("pixels");
    }

    [Fact]
    public void An_image_larger_than_the_cap_is_rejected()
    {
        var result = new PngCheck(maxDimension: 100);
        result.Append(PngWriter.Png(101, 1));

        result.Complete().IsValid.Should().BeFalse();
    }

    [Fact]
    public void An_invalid_bit_depth_for_the_colour_type_is_rejected()
    {
        var png = PngWriter.Png();
        png[PngWriter.IhdrDataOffset + 8] = 4;   // truecolour needs 8 or 16 bits
        var crc = Crc32.Compute(png.AsSpan(PngWriter.IhdrDataOffset - 4, 17));
        BinaryPrimitives.WriteUInt32BigEndian(png.AsSpan(PngWriter.IhdrCrcOffset), crc);

        PngCheck.Check(png).IsValid.Should().BeFalse();
    }

    [Theory]
    [InlineData(0)]
    [InlineData(5)]
    [InlineData(20)]
    [InlineData(40)]
    public void A_truncated_png_is_rejected(int keep)
    {
        var png = PngWriter.Png(4, 4);

        var result = PngCheck.Check(png.AsSpan(0, keep == 40 ? png.Length - 3 : keep));

        result.IsValid.Should().BeFalse();
    }

    [Fact]
    public void An_mp3_is_rejected()
    {
        PngCheck.Check(Mp3Writer.Cbr(seconds: 1)).IsValid.Should().BeFalse();
    }

    [Fact]
    public void Bytes_after_IEND_are_ignored()
    {
        var result = PngCheck.Check(Mp3Writer.Concat(PngWriter.Png(), new byte[100]));

        result.IsValid.Should().BeTrue(result.Error);
    }

    [Fact]
    public void Feeding_one_byte_or_random_chunks_at_a_time_gives_the_same_result()
    {
        var png = PngWriter.Png(300, 200);
        var whole = PngCheck.Check(png);

        var byByte = new PngCheck();
        foreach (var b in png)
        {
            byByte.Append([b]);
        }

        var random = new Random(3);
        var byChunk = new PngCheck();
        for (var at = 0; at < png.Length;)
        {
            var size = Math.Min(random.Next(1, 100), png.Length - at);
            byChunk.Append(png.AsSpan(at, size));
            at += size;
        }

        whole.IsValid.Should().BeTrue(whole.Error);
        byByte.Complete().Should().Be(whole);
        byChunk.Complete().Should().Be(whole);
    }

    [Fact]
    public void Crc32_matches_the_standard_check_value()
    {
        Crc32.Compute("123456789"u8).Should().Be(0xCBF43926);
    }
}
