using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Radio.IntegrationTests.Infrastructure;
using Radio.IntegrationTests.Persistence;
using Radio.Web.Library;

namespace Radio.IntegrationTests.Library;

public abstract class ArtistsAndAlbumsTests(RadioApp app)
{
    public sealed class OnSqlite(RadioApp app) : ArtistsAndAlbumsTests(app), IClassFixture<RadioApp>;

    public sealed class OnPostgreSql(PostgresRadioApp app) : ArtistsAndAlbumsTests(app), IClassFixture<PostgresRadioApp>;

    private readonly HttpClient _client = app.CreateClient();

    [Fact]
    public async Task An_artist_shows_its_song_count()
    {
        var (artist, artistId) = await app.NewArtistAsync("Counted");
        await artist.UploadSongAsync();
        await artist.UploadSongAsync();

        var found = await _client.GetFromJsonAsync<ArtistResponse>($"/artists/{artistId}", Api.Json);

        found.Should().Be(new ArtistResponse(artistId, "Counted", 2));
    }

    [Fact]
    public async Task Artists_are_listed_by_name_a_page_at_a_time()
    {
        var prefix = Api.UniqueName("Paged");
        foreach (var letter in new[] { "c", "a", "b" })
        {
            await app.NewArtistAsync($"{prefix} {letter}");
        }

        var all = (await _client.GetFromJsonAsync<List<ArtistResponse>>("/artists?limit=200", Api.Json))!
            .Where(a => a.Name.StartsWith(prefix, StringComparison.Ordinal)).Select(a => a.Name).ToList();
        var page = await _client.GetFromJsonAsync<List<ArtistResponse>>("/artists?limit=1&offset=1", Api.Json);

        all.Should().Equal($"{prefix} a", $"{prefix} b", $"{prefix} c");
        page.Should().ContainSingle();
    }

    [Theory]
    [InlineData("/artists?limit=0", "limit")]
    [InlineData("/artists?limit=201", "limit")]
    [InlineData("/artists?limit=abc", "limit")]
    [InlineData("/artists?offset=-1", "offset")]
    [InlineData("/artists?offset=1.5", "offset")]
    [InlineData("/albums?limit=0", "limit")]
    [InlineData("/albums?limit=201", "limit")]
    [InlineData("/albums?offset=-1", "offset")]
    [InlineData("/albums?limit=", "limit")]
    [InlineData("/albums?limit=99999999999", "limit")]
    [InlineData("/albums?offset=x", "offset")]
    public async Task Paging_out_of_range_or_not_a_number_is_400(string url, string field)
    {
        var response = await _client.GetAsync(url);

        (await response.ShouldBeProblemAsync(400)).Errors.Should().ContainKey(field);
    }

    [Fact]
    public async Task Unknown_artists_and_albums_are_404()
    {
        await (await _client.GetAsync("/artists/987654")).ShouldBeProblemAsync(404);
        await (await _client.GetAsync("/albums/987654")).ShouldBeProblemAsync(404);
    }

    [Fact]
    public async Task An_artist_creates_an_album_of_its_own_and_it_lists_its_songs()
    {
        var (artist, artistId) = await app.NewArtistAsync("Album Maker");

        var response = await artist.PostAsJsonAsync("/albums", new { title = " Debut ", artist_id = artistId }, Api.Json);

        response.StatusCode.Should().Be(HttpStatusCode.Created);
        var album = (await response.ReadAsync<AlbumResponse>())!;
        album.Should().Be(new AlbumResponse(album.Id, "Debut", artistId, "Album Maker"));
        response.Headers.Location!.OriginalString.Should().Be($"/albums/{album.Id}");
        var first = await artist.UploadSongAsync("One", albumId: album.Id.ToString(CultureInfo.InvariantCulture));
        var second = await artist.UploadSongAsync("Two", albumId: album.Id.ToString(CultureInfo.InvariantCulture));
        var details = await _client.GetFromJsonAsync<AlbumDetailResponse>($"/albums/{album.Id}", Api.Json);
        details!.Title.Should().Be("Debut");
        details.ArtistName.Should().Be("Album Maker");
        // station_ready turns true in the background once a song may go on the air
        details.Songs.Should().BeEquivalentTo([first, second], o => o.WithStrictOrdering().Excluding(s => s.StationReady));
    }

    [Fact]
    public async Task Albums_are_listed_by_title()
    {
        var (artist, artistId) = await app.NewArtistAsync();
        var prefix = Api.UniqueName("Album");
        await artist.CreateAlbumAsync($"{prefix} b", artistId);
        await artist.CreateAlbumAsync($"{prefix} a", artistId);

        var albums = await _client.GetFromJsonAsync<List<AlbumResponse>>("/albums?limit=200", Api.Json);

        albums!.Where(a => a.Title.StartsWith(prefix, StringComparison.Ordinal)).Select(a => a.Title).Should().Equal($"{prefix} a", $"{prefix} b");
    }

    [Fact]
    public async Task An_admin_creates_an_album_for_any_artist()
    {
        var (_, artistId) = await app.NewArtistAsync();
        var admin = await app.AdminAsync();

        var album = await admin.CreateAlbumAsync("Compilation", artistId);

        album.ArtistId.Should().Be(artistId);
    }

    [Fact]
    public async Task An_artist_may_not_create_albums_for_others_and_listeners_not_at_all()
    {
        var (artist, _) = await app.NewArtistAsync();
        var (_, otherId) = await app.NewArtistAsync();
        var listener = await app.ListenerAsync();
        var body = new { title = "Not Mine", artist_id = otherId };

        await (await artist.PostAsJsonAsync("/albums", body, Api.Json)).ShouldBeProblemAsync(403);
        await (await listener.PostAsJsonAsync("/albums", body, Api.Json)).ShouldBeProblemAsync(403);
        await (await _client.PostAsJsonAsync("/albums", body, Api.Json)).ShouldBeProblemAsync(401);
    }

    [Fact]
    public async Task An_unknown_artist_or_a_bad_title_is_400()
    {
        var admin = await app.AdminAsync();
        var (_, artistId) = await app.NewArtistAsync();

        var unknown = await admin.PostAsJsonAsync("/albums", new { title = "X", artist_id = 987654 }, Api.Json);
        var blank = await admin.PostAsJsonAsync("/albums", new { title = " ", artist_id = artistId }, Api.Json);
        var missing = await admin.PostAsJsonAsync("/albums", new { title = "X" }, Api.Json);

        (await unknown.ShouldBeProblemAsync(400)).Errors["artist_id"].Should().ContainSingle().Which.Should().Contain("987654");
        (await blank.ShouldBeProblemAsync(400)).Errors.Should().ContainKey("title");
        (await missing.ShouldBeProblemAsync(400)).Errors.Should().ContainKey("artist_id");
    }

    [Fact]
    public async Task The_openapi_document_describes_the_library_and_the_upload_form()
    {
        var document = await _client.GetFromJsonAsync<JsonElement>("/openapi/v1.json");

        var paths = document.GetProperty("paths");
        paths.EnumerateObject().Select(p => p.Name).Should().Contain(
            ["/songs/upload", "/songs/{id}", "/songs/{id}/audio", "/songs/{id}/image", "/artists", "/artists/{id}", "/albums", "/albums/{id}"]);
        paths.GetProperty("/songs/upload").GetProperty("post").GetProperty("requestBody").GetProperty("content")
            .GetProperty("multipart/form-data").GetProperty("schema").GetProperty("properties")
            .EnumerateObject().Select(p => p.Name).Should().BeEquivalentTo(["file", "image", "title", "album_id", "artist_ids"]);
    }
}
