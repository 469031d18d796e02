using Radio.Domain.Station;

namespace Radio.UnitTests.Domain.Station;

public sealed class StreamTitleTests
{
    [Fact]
    public void A_title_is_the_artists_then_the_song()
    {
        StreamTitle.For("Beyoncé, Jay-Z", "Don't").Text.Should().Be("Beyoncé, Jay-Z - Don't");
    }

    [Fact]
    public void A_song_without_artists_is_its_title_alone()
    {
        StreamTitle.For(string.Empty, "Untitled").Text.Should().Be("Untitled");
    }
}
