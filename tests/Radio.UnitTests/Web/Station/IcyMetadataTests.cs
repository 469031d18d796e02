using System.Text;
using Radio.Domain.Station;
using Radio.Web.Station;

namespace Radio.UnitTests.Web.Station;

public sealed class IcyMetadataTests
{
    [Fact]
    public void A_title_block_is_the_length_byte_the_text_and_zero_padding()
    {
        var block = IcyMetadata.Block("Artist - Song");

        // "StreamTitle='Artist - Song';" is 28 bytes: 28 / 16 + 1 = 2 units of 16
        block.Should().HaveCount(1 + 32);
        block[0].Should().Be(2);
        Encoding.UTF8.GetString(block, 1, 28).Should().Be("StreamTitle='Artist - Song';");
        block.Skip(29).Should().OnlyContain(b => b == 0);
    }

    [Fact]
    public void Text_filling_whole_units_still_gets_a_terminating_zero_unit_as_in_icecast()
    {
        // "StreamTitle='" + 16 chars + "';" = 31 bytes; one more char makes exactly 32
        var block = IcyMetadata.Block("ABCDEFGHIJKLMNOPQ");

        block[0].Should().Be(3);
        block.Should().HaveCount(49);
        block.Skip(33).Should().OnlyContain(b => b == 0);
    }

    [Fact]
    public void No_title_is_icecasts_empty_stream_title()
    {
        IcyMetadata.Block(string.Empty).Should().Equal([1, .. "StreamTitle='';"u8.ToArray(), 0]);
    }

    [Fact]
    public void Titles_are_utf8_and_a_quote_is_sent_as_a_typographic_one()
    {
        var block = IcyMetadata.BlockFor(new StreamTitle("Beyoncé, Jay-Z - Don't")).ToArray();

        Encoding.UTF8.GetString(block, 1, block.Length - 1).TrimEnd('\0')
            .Should().Be("StreamTitle='Beyoncé, Jay-Z - Don’t';");
    }

    [Fact]
    public void A_title_cannot_end_its_field_early_or_add_another()
    {
        var block = IcyMetadata.BlockFor(new StreamTitle("Band - x';StreamUrl='http://example.invalid/")).ToArray();

        var text = Encoding.UTF8.GetString(block, 1, block.Length - 1).TrimEnd('\0');
        text.Should().Be("StreamTitle='Band - x’;StreamUrl=’http://example.invalid/';");
        text.Count(c => c == '\'').Should().Be(2, "the only quotes are the ones around the one field");
    }

    [Fact]
    public void An_overlong_title_is_cut_to_fit_255_units()
    {
        var block = IcyMetadata.Block(new string('é', 5000));

        block.Length.Should().Be(1 + (255 * 16));
        block[0].Should().Be(255);
        block[^1].Should().Be(0);
    }

    [Fact]
    public void A_song_plays_block_is_built_once_and_shared()
    {
        var title = new StreamTitle("A - B");

        var first = IcyMetadata.BlockFor(title);
        var again = IcyMetadata.BlockFor(title);

        again.Equals(first).Should().BeTrue("every listener sends the same bytes of one title");
        first.ToArray().Should().Equal(IcyMetadata.Block("A - B"));
        IcyMetadata.BlockFor(new StreamTitle("A - B")).Equals(first).Should().BeFalse("another play is another title");
    }
}
