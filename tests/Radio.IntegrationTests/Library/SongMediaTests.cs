using System.Net;
using System.Net.Http.Headers;
using Radio.IntegrationTests.Infrastructure;
using Radio.IntegrationTests.Persistence;
using Radio.TestData;

namespace Radio.IntegrationTests.Library;

public abstract class SongMediaTests(RadioApp app)
{
    public sealed class OnSqlite(RadioApp app) : SongMediaTests(app), IClassFixture<RadioApp>;

    public sealed class OnPostgreSql(PostgresRadioApp app) : SongMediaTests(app), IClassFixture<PostgresRadioApp>;

    private readonly HttpClient _client = app.CreateClient();

    [Fact]
    public async Task An_unknown_song_is_404()
    {
        await (await _client.GetAsync("/songs/987654")).ShouldBeProblemAsync(404);
        await (await _client.GetAsync("/songs/987654/audio")).ShouldBeProblemAsync(404);
        await (await _client.GetAsync("/songs/987654/image")).ShouldBeProblemAsync(404);
    }

    [Fact]
    public async Task The_image_is_the_uploaded_png_with_an_etag_and_cache_control()
    {
        var (artist, _) = await app.NewArtistAsync();
        var png = PngWriter.Png(3, 2);
        var song = await artist.UploadSongAsync(image: png);

        var response = await _client.GetAsync($"/songs/{song.Id}/image");

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        response.Content.Headers.ContentType!.MediaType.Should().Be("image/png");
        (await response.Content.ReadAsByteArrayAsync()).Should().Equal(png);
        response.Headers.ETag.Should().NotBeNull();
        response.Headers.CacheControl!.Public.Should().BeTrue();
        response.Headers.CacheControl.MaxAge.Should().BePositive();
    }

    [Fact]
    public async Task A_matching_if_none_match_is_304()
    {
        var (artist, _) = await app.NewArtistAsync();
        var song = await artist.UploadSongAsync(image: PngWriter.Png());
        var etag = (await _client.GetAsync($"/songs/{song.Id}/image")).Headers.ETag!;

        using var request = new HttpRequestMessage(HttpMethod.Get, $"/songs/{song.Id}/image");
        request.Headers.IfNoneMatch.Add(etag);
        var response = await _client.SendAsync(request);

        response.StatusCode.Should().Be(HttpStatusCode.NotModified);
    }

    [Fact]
    public async Task A_song_without_an_image_has_no_image()
    {
        var (artist, _) = await app.NewArtistAsync();
        var song = await artist.UploadSongAsync();

        await (await _client.GetAsync($"/songs/{song.Id}/image")).ShouldBeProblemAsync(404);
    }

    [Fact]
    public async Task The_audio_is_the_uploaded_mp3_with_ranges_accepted()
    {
        var (artist, _) = await app.NewArtistAsync();
        var song = await artist.UploadSongAsync();

        var response = await _client.GetAsync($"/songs/{song.Id}/audio");

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        response.Content.Headers.ContentType!.MediaType.Should().Be("audio/mpeg");
        response.Headers.AcceptRanges.Should().Contain("bytes");
        response.Headers.ETag.Should().NotBeNull();
        (await response.Content.ReadAsByteArrayAsync()).Should().Equal(LibraryApi.ThreeSeconds);
    }

    [Fact]
    public async Task A_range_is_206_with_content_range()
    {
        var (artist, _) = await app.NewArtistAsync();
        var song = await artist.UploadSongAsync();

        using var request = new HttpRequestMessage(HttpMethod.Get, $"/songs/{song.Id}/audio");
        request.Headers.Range = new RangeHeaderValue(100, 199);
        var response = await _client.SendAsync(request);

        response.StatusCode.Should().Be(HttpStatusCode.PartialContent);
        response.Content.Headers.ContentRange!.ToString().Should().Be($"bytes 100-199/{LibraryApi.ThreeSeconds.Length}");
        (await response.Content.ReadAsByteArrayAsync()).Should().Equal(LibraryApi.ThreeSeconds[100..200]);
    }

    [Fact]
    public async Task An_unsatisfiable_range_is_416()
    {
        var (artist, _) = await app.NewArtistAsync();
        var song = await artist.UploadSongAsync();

        using var request = new HttpRequestMessage(HttpMethod.Get, $"/songs/{song.Id}/audio");
        request.Headers.Range = new RangeHeaderValue(10_000_000, null);
        var response = await _client.SendAsync(request);

        response.StatusCode.Should().Be(HttpStatusCode.RequestedRangeNotSatisfiable);
        response.Content.Headers.ContentRange!.ToString().Should().Be($"bytes */{LibraryApi.ThreeSeconds.Length}");
    }

    [Fact]
    public async Task Audio_with_a_matching_if_none_match_is_304()
    {
        var (artist, _) = await app.NewArtistAsync();
        var song = await artist.UploadSongAsync();
        var etag = (await _client.GetAsync($"/songs/{song.Id}/audio")).Headers.ETag!;

        using var request = new HttpRequestMessage(HttpMethod.Get, $"/songs/{song.Id}/audio");
        request.Headers.IfNoneMatch.Add(etag);
        var response = await _client.SendAsync(request);

        response.StatusCode.Should().Be(HttpStatusCode.NotModified);
    }

    [Fact]
    public async Task An_artist_of_the_song_deletes_it_with_its_files()
    {
        var (artist, _) = await app.NewArtistAsync();
        var song = await artist.UploadSongAsync(image: PngWriter.Png());
        var before = await app.StoredAsync();

        var response = await artist.DeleteAsync($"/songs/{song.Id}");

        response.StatusCode.Should().Be(HttpStatusCode.NoContent);
        await (await _client.GetAsync($"/songs/{song.Id}")).ShouldBeProblemAsync(404);
        (await app.StoredAsync()).Should().Be((before.Files - 2, before.Rows - 1));
    }

    [Fact]
    public async Task An_admin_deletes_any_song()
    {
        var (artist, _) = await app.NewArtistAsync();
        var song = await artist.UploadSongAsync();
        var admin = await app.AdminAsync();

        (await admin.DeleteAsync($"/songs/{song.Id}")).StatusCode.Should().Be(HttpStatusCode.NoContent);
        await (await _client.GetAsync($"/songs/{song.Id}/audio")).ShouldBeProblemAsync(404);
    }

    [Fact]
    public async Task Other_artists_and_listeners_may_not_delete_a_song()
    {
        var (artist, _) = await app.NewArtistAsync();
        var (other, _) = await app.NewArtistAsync();
        var listener = await app.ListenerAsync();
        var song = await artist.UploadSongAsync();

        await (await other.DeleteAsync($"/songs/{song.Id}")).ShouldBeProblemAsync(403);
        await (await listener.DeleteAsync($"/songs/{song.Id}")).ShouldBeProblemAsync(403);
        await (await _client.DeleteAsync($"/songs/{song.Id}")).ShouldBeProblemAsync(401);
        (await _client.GetAsync($"/songs/{song.Id}")).StatusCode.Should().Be(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Deleting_an_unknown_song_is_404()
    {
        var admin = await app.AdminAsync();

        await (await admin.DeleteAsync("/songs/987654")).ShouldBeProblemAsync(404);
    }
}
