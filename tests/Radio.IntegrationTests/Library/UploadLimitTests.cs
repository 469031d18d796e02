using System.Globalization;
using Radio.IntegrationTests.Infrastructure;
using Radio.TestData;

namespace Radio.IntegrationTests.Library;

public sealed class SmallUploadLimitsApp : RadioApp
{
    public const int MaxAudioBytes = 64 * 1024;
    public const int MaxImageBytes = 2 * 1024;

    protected override IReadOnlyDictionary<string, string> Settings => new Dictionary<string, string>
    {
        ["Radio:Uploads:MaxAudioBytes"] = MaxAudioBytes.ToString(CultureInfo.InvariantCulture),
        ["Radio:Uploads:MaxImageBytes"] = MaxImageBytes.ToString(CultureInfo.InvariantCulture),
    };
}

public sealed class UploadLimitTests(SmallUploadLimitsApp app) : IClassFixture<SmallUploadLimitsApp>
{
    [Fact]
    public async Task Audio_over_the_limit_is_413_and_leaves_nothing()
    {
        var (artist, _) = await app.NewArtistAsync();
        var before = await app.StoredAsync();

        var response = await artist.UploadAsync(LibraryApi.Form(Mp3Writer.Cbr(10), image: PngWriter.Png()));

        await response.ShouldBeProblemAsync(413);
        (await app.StoredAsync()).Should().Be(before);
    }

    [Fact]
    public async Task An_image_over_the_limit_is_413_and_leaves_nothing()
    {
        var (artist, _) = await app.NewArtistAsync();
        var before = await app.StoredAsync();

        var response = await artist.UploadAsync(LibraryApi.Form(Mp3Writer.Cbr(1), image: [.. PngWriter.Png(), .. new byte[4 * 1024]]));

        await response.ShouldBeProblemAsync(413);
        (await app.StoredAsync()).Should().Be(before);
    }

    [Fact]
    public async Task A_declared_length_over_the_limits_is_413_before_reading()
    {
        var (artist, _) = await app.NewArtistAsync();
        var before = await app.StoredAsync();

        var response = await artist.UploadAsync(LibraryApi.Form(new byte[2 * 1024 * 1024]));

        await response.ShouldBeProblemAsync(413);
        (await app.StoredAsync()).Should().Be(before);
    }

    [Fact]
    public async Task Files_within_the_limits_are_accepted()
    {
        var (artist, _) = await app.NewArtistAsync();

        var song = await artist.UploadSongAsync(image: PngWriter.Png());

        song.HasImage.Should().BeTrue();
    }
}
