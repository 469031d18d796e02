using System.Net;
using System.Text.Json;
using Radio.IntegrationTests.Infrastructure;

namespace Radio.IntegrationTests.Station;

public abstract class NowPlayingTests(StationApp app)
{
    public sealed class OnSqlite(StationApp app) : NowPlayingTests(app), IClassFixture<StationApp>;

    public sealed class OnPostgreSql(PostgresStationApp app) : NowPlayingTests(app), IClassFixture<PostgresStationApp>;

    [Fact]
    public async Task Now_playing_names_the_song_its_position_and_the_next_songs()
    {
        var response = await app.CreateClient().GetAsync("/radio/now-playing");
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var root = json.RootElement;

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        root.GetProperty("song").GetProperty("title").GetString().Should().StartWith("Song ");
        root.GetProperty("song").GetProperty("artist_names").GetString().Should().Be("Test Artist");
        root.GetProperty("started_at").GetString().Should().EndWith("Z");
        root.GetProperty("position_seconds").GetDouble().Should().BeInRange(0, 4.1);
        root.GetProperty("listeners").GetInt32().Should().Be(0);
        var next = root.GetProperty("next");
        next.GetArrayLength().Should().BeGreaterThan(0);
        next[0].GetProperty("title").GetString().Should().NotBe(root.GetProperty("song").GetProperty("title").GetString(),
            "the station never repeats the song just played");
    }

    [Fact]
    public async Task History_lists_the_songs_played_newest_first()
    {
        var response = await app.CreateClient().GetAsync("/radio/history?limit=5");
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var played = json.RootElement.EnumerateArray().ToList();

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        played.Should().NotBeEmpty().And.HaveCountLessThanOrEqualTo(5);
        played.Select(p => p.GetProperty("started_at").GetDateTimeOffset()).Should().BeInDescendingOrder();
        played[0].GetProperty("title").GetString().Should().StartWith("Song ");
    }

    [Fact]
    public async Task Now_playing_and_history_songs_are_full_song_objects()
    {
        using var nowPlaying = JsonDocument.Parse(await app.CreateClient().GetStringAsync("/radio/now-playing"));
        using var history = JsonDocument.Parse(await app.CreateClient().GetStringAsync("/radio/history"));

        nowPlaying.RootElement.GetProperty("song").ShouldBeSongObject(withAlbum: false);
        nowPlaying.RootElement.GetProperty("next").EnumerateArray().Should().NotBeEmpty()
            .And.AllSatisfy(song => song.ShouldBeSongObject(withAlbum: false));
        history.RootElement.EnumerateArray().Should().NotBeEmpty()
            .And.AllSatisfy(song => song.ShouldBeSongObject(withAlbum: false));
    }

    [Theory]
    [InlineData("0")]
    [InlineData("201")]
    [InlineData("ten")]
    public async Task A_history_limit_out_of_range_is_a_400_problem(string limit)
    {
        var response = await app.CreateClient().GetAsync($"/radio/history?limit={limit}");

        await response.ShouldBeProblemAsync(400);
    }

    [Fact]
    public async Task History_pages_with_offset_and_rejects_a_negative_one()
    {
        var client = app.CreateClient();
        for (var attempt = 0; attempt < 100; attempt++)
        {
            using var played = JsonDocument.Parse(await client.GetStringAsync("/radio/history?limit=3"));
            if (played.RootElement.GetArrayLength() >= 3)
            {
                break;
            }

            await Task.Delay(100); // the songs are 4 s long: wait for a third to start
        }

        using var shifted = JsonDocument.Parse(await client.GetStringAsync("/radio/history?limit=2&offset=1"));
        using var all = JsonDocument.Parse(await client.GetStringAsync("/radio/history?limit=10"));

        var page = shifted.RootElement.EnumerateArray().Select(p => p.GetProperty("started_at").GetString()).ToList();
        var newestFirst = all.RootElement.EnumerateArray().Select(p => p.GetProperty("started_at").GetString()).ToList();
        page.Should().HaveCount(2);
        // a song may have started between the two requests, which moves the page one further down
        var at = newestFirst.IndexOf(page[0]);
        at.Should().BeGreaterThanOrEqualTo(1, "offset skips the newest entry");
        newestFirst.Skip(at).Take(2).Should().Equal(page);
        (await (await client.GetAsync("/radio/history?offset=-1")).ShouldBeProblemAsync(400)).Errors.Should().ContainKey("offset");
    }
}
