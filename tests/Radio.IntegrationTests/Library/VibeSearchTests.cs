using System.Net;
using System.Net.Http.Json;
using Radio.IntegrationTests.Infrastructure;
using Radio.IntegrationTests.Persistence;
using Radio.Web.Library;

namespace Radio.IntegrationTests.Library;

public abstract class VibeSearchTests(RadioApp app)
{
    public sealed class OnSqlite(RadioApp app) : VibeSearchTests(app), IClassFixture<RadioApp>;

    public sealed class OnPostgreSql(PostgresRadioApp app) : VibeSearchTests(app), IClassFixture<PostgresRadioApp>;

    private readonly HttpClient _client = app.CreateClient();

    private Task<HttpResponseMessage> SearchAsync(object body, string query = "") =>
        _client.PostAsJsonAsync($"/tags/search{query}", body, Api.Json);

    [Fact]
    public async Task Songs_are_ordered_by_mean_absolute_error_with_a_missing_tag_scoring_0()
    {
        var word = LibrarySeed.Word();
        var (chill, electronic) = ($"Chill{word}", $"Electronic{word}");
        var artist = await app.AddArtistAsync("Vibes");
        var close = await app.AddSongAsync("Close", [artist], null, (chill, 0.8), (electronic, 0.42));
        var onlyChill = await app.AddSongAsync("Only chill", [artist], null, (chill, 0.8));
        var far = await app.AddSongAsync("Far", [artist], null, (chill, 0.1), (electronic, 0.9));

        var response = await SearchAsync(new[] { new { name = chill.ToUpperInvariant(), target_score = 0.8 }, new { name = electronic, target_score = 0.5 } }, "?limit=3");

        response.StatusCode.Should().Be(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        var songs = (await response.ReadAsync<List<VibeSongResponse>>())!;
        songs.Select(s => s.Id).Should().Equal(close, onlyChill, far);
        songs[0].MatchError.Should().BeApproximately(0.04, 1e-9);
        songs[1].MatchError.Should().BeApproximately(0.25, 1e-9, "electronic is missing, so it scores 0");
        songs[2].MatchError.Should().BeApproximately(0.55, 1e-9);
        songs[0].ArtistNames.Should().Be("Vibes");
        (await response.Content.ReadAsStringAsync()).Should().Contain("\"match_error\":").And.Contain("\"album_title\":null");
    }

    [Fact]
    public async Task Equal_errors_are_ordered_by_song_id()
    {
        var word = LibrarySeed.Word();
        var artist = await app.AddArtistAsync("Ties");
        var first = await app.AddSongAsync("Z first", [artist], null, ($"Tie{word}", 0.6));
        var second = await app.AddSongAsync("A second", [artist], null, ($"Tie{word}", 0.4));

        var songs = await (await SearchAsync(new[] { new { name = $"Tie{word}", target_score = 0.5 } }, "?limit=2"))
            .ReadAsync<List<VibeSongResponse>>();

        songs!.Select(s => s.Id).Should().Equal(first, second);
    }

    [Fact]
    public async Task The_default_limit_is_20()
    {
        var word = LibrarySeed.Word();
        var artist = await app.AddArtistAsync("Many");
        for (var i = 0; i < 21; i++)
        {
            await app.AddSongAsync($"Many {i}", [artist], null, ($"Lots{word}", 0.5));
        }

        var songs = await (await SearchAsync(new[] { new { name = $"Lots{word}", target_score = 0.5 } })).ReadAsync<List<VibeSongResponse>>();

        songs.Should().HaveCount(20).And.OnlyContain(s => s.MatchError == 0);
    }

    [Fact]
    public async Task Changing_a_songs_tags_changes_its_vibe()
    {
        var word = LibrarySeed.Word();
        var id = await app.AddSongAsync("Retagged", [await app.AddArtistAsync("F")], null, ($"Mood{word}", 0.0));
        var admin = app.CreateClient((await _client.LoginAsync(RadioApp.AdminUsername, RadioApp.AdminPassword)).Token);

        (await admin.PutAsJsonAsync($"/songs/{id}/tags", new[] { new { name = $"Mood{word}", score = 0.9 } }, Api.Json))
            .EnsureSuccessStatusCode();

        var songs = await (await SearchAsync(new[] { new { name = $"Mood{word}", target_score = 0.9 } }, "?limit=1")).ReadAsync<List<VibeSongResponse>>();
        songs!.Single().Id.Should().Be(id);
        songs!.Single().MatchError.Should().Be(0);
    }

    [Fact]
    public async Task An_unknown_tag_is_400_naming_it()
    {
        var response = await SearchAsync(new[] { new { name = "NoSuchVibe", target_score = 0.5 } });

        var problem = await response.ShouldBeProblemAsync(400);
        problem.Detail.Should().Contain("NoSuchVibe");
    }

    public static TheoryData<string, string> BadRequests => new()
    {
        { "[]", "" },
        { "[" + string.Join(',', Enumerable.Range(0, 21).Select(i => $$"""{"name":"t{{i}}","target_score":0.5}""")) + "]", "" },
        { """[{"name":"Chill","target_score":0.5},{"name":"chill","target_score":0.6}]""", "" },
        { """[{"name":"Chill","target_score":1.01}]""", "" },
        { """[{"name":"Chill","target_score":-0.5}]""", "" },
        { """[{"name":"Chill"}]""", "" },
        { """[{"target_score":0.5}]""", "" },
        { """[{"name":"Chill","target_score":"NaN"}]""", "" },
        { """[{"name":"Chill","target_score":0.5}]""", "?limit=0" },
        { """[{"name":"Chill","target_score":0.5}]""", "?limit=201" },
        { """[{"name":"Chill","target_score":0.5}]""", "?limit=many" },
        { "{}", "" },
        { "nonsense", "" },
    };

    [Theory]
    [MemberData(nameof(BadRequests))]
    public async Task Invalid_requests_are_400(string body, string query)
    {
        await app.AddSongAsync("Chill song", [await app.AddArtistAsync("G")], null, ("Chill", 0.5));
        using var content = new StringContent(body, System.Text.Encoding.UTF8, "application/json");

        var response = await _client.PostAsync($"/tags/search{query}", content);

        await response.ShouldBeProblemAsync(400);
    }

    [Fact]
    public async Task Twenty_existing_tags_are_searched_but_twenty_one_are_400()
    {
        var word = LibrarySeed.Word();
        var names = Enumerable.Range(0, 21).Select(i => $"Many{i}{word}").ToList();
        await app.AddSongAsync("Tagged everywhere", [await app.AddArtistAsync("T")], null, [.. names.Select(n => (n, 0.5))]);

        var twenty = await SearchAsync(names.Take(20).Select(n => new { name = n, target_score = 0.5 }).ToArray());
        var twentyOne = await SearchAsync(names.Select(n => new { name = n, target_score = 0.5 }).ToArray());

        twenty.StatusCode.Should().Be(HttpStatusCode.OK, await twenty.Content.ReadAsStringAsync());
        (await twentyOne.ShouldBeProblemAsync(400)).Errors.Should().ContainKey("tags");
    }

    [Fact]
    public async Task The_largest_limit_is_accepted()
    {
        await app.AddSongAsync("Edge", [await app.AddArtistAsync("H")], null, ("Edge", 0.5));

        var response = await SearchAsync(new[] { new { name = "edge", target_score = 0.5 } }, "?limit=200");

        response.StatusCode.Should().Be(HttpStatusCode.OK);
    }
}
