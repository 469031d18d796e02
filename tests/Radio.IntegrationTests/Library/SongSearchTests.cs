using System.Net;
using System.Net.Http.Json;
using Radio.Domain.Library;
using Radio.IntegrationTests.Infrastructure;
using Radio.IntegrationTests.Persistence;
using Radio.Web.Library;

namespace Radio.IntegrationTests.Library;

public abstract class SongSearchTests(RadioApp app)
{
    public sealed class OnSqlite(RadioApp app) : SongSearchTests(app), IClassFixture<RadioApp>;

    public sealed class OnPostgreSql(PostgresRadioApp app) : SongSearchTests(app), IClassFixture<PostgresRadioApp>;

    private readonly HttpClient _client = app.CreateClient();

    private async Task<List<SongResponse>> SearchAsync(string query)
    {
        var response = await _client.GetAsync(query);
        response.StatusCode.Should().Be(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        return (await response.ReadAsync<List<SongResponse>>())!;
    }

    [Fact]
    public async Task Titles_and_artist_names_match_ignoring_case_and_accents()
    {
        var word = LibrarySeed.Word();
        var artist = await app.AddArtistAsync($"Beyoncé {word}");
        var other = await app.AddArtistAsync($"Other {word}");
        var byArtist = await app.AddSongAsync("Halo", [other, artist]);
        var byTitle = await app.AddSongAsync($"CAFÉ {word}", [other]);
        await app.AddSongAsync("Unrelated", [await app.AddArtistAsync("Nobody")]);

        var songs = await SearchAsync($"/songs?q=beyonce%20{word}");
        var cafe = await SearchAsync($"/songs?q=cafe%20{word.ToUpperInvariant()}");

        songs.Select(s => s.Id).Should().Equal(byArtist);
        cafe.Select(s => s.Id).Should().Equal(byTitle);
    }

    [Fact]
    public async Task A_result_is_a_full_song_object()
    {
        var word = LibrarySeed.Word();
        var first = await app.AddArtistAsync("First");
        var second = await app.AddArtistAsync("Second");
        var album = await app.AddAlbumAsync("The Album", first);
        var id = await app.AddSongAsync($"Song {word}", [second, first], album);

        var response = await _client.GetAsync($"/songs?q={word}");

        response.Content.Headers.ContentType?.MediaType.Should().Be("application/json");
        var body = await response.Content.ReadAsStringAsync();
        body.Should().Contain("\"artist_names\":\"Second, First\"").And.Contain("\"album_title\":\"The Album\"")
            .And.Contain("\"has_image\":false").And.Contain("\"duration_seconds\":180");
        var song = (await response.ReadAsync<List<SongResponse>>())!.Single();
        song.Should().BeEquivalentTo(new SongResponse
        {
            Id = id,
            Title = $"Song {word}",
            AlbumId = album,
            AlbumTitle = "The Album",
            ArtistIds = [second, first],
            ArtistNames = "Second, First",
            HasImage = false,
            DurationSeconds = 180,
            StationReady = false, // a seeded song has no audio file to check or render
        });
    }

    [Fact]
    public async Task Exact_titles_come_first_then_prefixes_then_other_matches_by_title()
    {
        var word = LibrarySeed.Word();
        var artist = await app.AddArtistAsync("Plain");
        var fan = await app.AddArtistAsync($"{word} fan club");
        var substringB = await app.AddSongAsync($"b {word}", [artist]);
        var prefixZ = await app.AddSongAsync($"{word} z", [artist]);
        var byArtist = await app.AddSongAsync("a song", [fan]);
        var exact = await app.AddSongAsync(word.ToUpperInvariant(), [artist]);
        var prefixA = await app.AddSongAsync($"{word} a", [artist]);

        var songs = await SearchAsync($"/songs?q={word}");

        songs.Select(s => s.Id).Should().Equal(exact, prefixA, prefixZ, byArtist, substringB);
    }

    [Fact]
    public async Task Limit_and_offset_page_through_the_ranking()
    {
        var word = LibrarySeed.Word();
        var artist = await app.AddArtistAsync("Pager");
        var ids = new List<int>();
        foreach (var letter in "abcde")
        {
            ids.Add(await app.AddSongAsync($"{word} {letter}", [artist]));
        }

        var page = await SearchAsync($"/songs?q={word}&limit=2&offset=1");
        var beyond = await SearchAsync($"/songs?q={word}&offset=5");

        page.Select(s => s.Id).Should().Equal(ids[1], ids[2]);
        beyond.Should().BeEmpty();
    }

    [Fact]
    public async Task Without_q_every_song_is_listed_by_title()
    {
        var artist = await app.AddArtistAsync("Lister");
        await app.AddSongAsync("Ärger", [artist]);
        await app.AddSongAsync("apple", [artist]);
        await app.AddSongAsync("Banana", [artist]);

        var songs = await SearchAsync("/songs?limit=200");

        songs.Should().HaveCountGreaterThanOrEqualTo(3);
        songs.Select(s => SearchText.Fold(s.Title)).Should().BeInAscendingOrder(StringComparer.Ordinal);
    }

    [Fact]
    public async Task A_removed_song_is_no_longer_found()
    {
        var word = LibrarySeed.Word();
        var id = await app.AddSongAsync(word, [await app.AddArtistAsync("Gone")]);
        (await SearchAsync($"/songs?q={word}")).Should().ContainSingle();

        await app.RemoveSongAsync(id);

        (await SearchAsync($"/songs?q={word}")).Should().BeEmpty();
    }

    [Fact]
    public async Task Nothing_matching_is_an_empty_list()
    {
        (await SearchAsync($"/songs?q={LibrarySeed.Word()}")).Should().BeEmpty();
    }

    [Theory]
    [InlineData("limit=0", "limit")]
    [InlineData("limit=201", "limit")]
    [InlineData("limit=-1", "limit")]
    [InlineData("limit=abc", "limit")]
    [InlineData("limit=99999999999", "limit")]
    [InlineData("offset=-1", "offset")]
    [InlineData("offset=x", "offset")]
    public async Task Limits_and_offsets_out_of_range_or_not_numbers_are_400(string paging, string field)
    {
        var response = await _client.GetAsync($"/songs?q=a&{paging}");

        var problem = await response.ShouldBeProblemAsync(400);
        problem.Errors.Should().ContainKey(field);
    }

    [Fact]
    public async Task The_largest_limit_is_accepted()
    {
        (await _client.GetAsync("/songs?limit=200&offset=0")).StatusCode.Should().Be(HttpStatusCode.OK);
        (await _client.GetFromJsonAsync<List<SongResponse>>("/songs?limit=1", Api.Json)).Should().HaveCountLessThanOrEqualTo(1);
    }
}
