using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Radio.IntegrationTests.Infrastructure;
using Radio.IntegrationTests.Persistence;

namespace Radio.IntegrationTests.Library;

/// <summary>The seed's Song fields are required everywhere a song appears (checked on the raw JSON, not the server's own types).</summary>
public abstract class SongObjectTests(RadioApp app)
{
    public sealed class OnSqlite(RadioApp app) : SongObjectTests(app), IClassFixture<RadioApp>;

    public sealed class OnPostgreSql(PostgresRadioApp app) : SongObjectTests(app), IClassFixture<PostgresRadioApp>;

    private readonly HttpClient _client = app.CreateClient();

    private static async Task<JsonElement> JsonOfAsync(HttpResponseMessage response, HttpStatusCode expected)
    {
        var body = await response.Content.ReadAsStringAsync();
        response.StatusCode.Should().Be(expected, body);
        return JsonDocument.Parse(body).RootElement;
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Every_library_answer_carries_the_full_song_object(bool withAlbum)
    {
        var word = LibrarySeed.Word();
        var (artist, artistId) = await app.NewArtistAsync();
        var album = withAlbum ? (await artist.CreateAlbumAsync($"Album {word}", artistId)).Id.ToString(CultureInfo.InvariantCulture) : null;
        var uploaded = await JsonOfAsync(await artist.UploadAsync(LibraryApi.Form(LibraryApi.ThreeSeconds, word, albumId: album)), HttpStatusCode.Created);
        var id = uploaded.GetProperty("id").GetInt32();
        (await artist.PutAsJsonAsync($"/songs/{id}/tags", new[] { new { name = $"Vibe{word}", score = 0.5 } }, Api.Json))
            .StatusCode.Should().Be(HttpStatusCode.OK);

        var one = await JsonOfAsync(await _client.GetAsync($"/songs/{id}"), HttpStatusCode.OK);
        var search = await JsonOfAsync(await _client.GetAsync($"/songs?q={word}"), HttpStatusCode.OK);
        var vibe = await JsonOfAsync(
            await _client.PostAsJsonAsync("/tags/search", new[] { new { name = $"Vibe{word}", target_score = 0.5 } }, Api.Json), HttpStatusCode.OK);

        uploaded.ShouldBeSongObject(withAlbum);
        one.ShouldBeSongObject(withAlbum);
        search.EnumerateArray().Should().ContainSingle().Which.ShouldBeSongObject(withAlbum);
        var match = vibe.EnumerateArray().Should().ContainSingle(s => s.GetProperty("id").GetInt32() == id).Which;
        match.ShouldBeSongObject(withAlbum);
        match.GetProperty("match_error").GetDouble().Should().Be(0);
        if (withAlbum)
        {
            var details = await JsonOfAsync(await _client.GetAsync($"/albums/{album}"), HttpStatusCode.OK);
            details.GetProperty("songs").EnumerateArray().Should().ContainSingle().Which.ShouldBeSongObject(withAlbum);
        }
    }
}
