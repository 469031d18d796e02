using System.Net;
using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using Radio.Infrastructure.Library.Search;
using Radio.IntegrationTests.Infrastructure;
using Radio.IntegrationTests.Persistence;
using Radio.Web.Library;

namespace Radio.IntegrationTests.Library;

public sealed class ThreeTagsApp : RadioApp
{
    protected override IReadOnlyDictionary<string, string> Settings => new Dictionary<string, string>
    {
        ["Radio:Library:MaxTags"] = "3",
    };
}

/// <summary>The limit counts every tag of the library, so each test has a server of its own.</summary>
public abstract class TagLimitTests(TestDatabase database)
{
    public sealed class OnSqlite() : TagLimitTests(TestDatabase.Sqlite);

    public sealed class OnPostgreSql() : TagLimitTests(TestDatabase.PostgreSql);

    [Fact]
    public async Task Creating_a_tag_past_the_limit_is_409_and_changes_nothing()
    {
        using var app = new ThreeTagsApp { Database = database };
        var admin = await app.AdminAsync();
        var song = await app.AddSongAsync("Full", [await app.AddArtistAsync("A")], null, ("One", 0.1), ("Two", 0.2), ("Three", 0.3));

        var response = await PutTagsAsync(admin, song, ("One", 0.9), ("Two", 0.9), ("Three", 0.9), ("Four", 0.9));

        var problem = await response.ShouldBeProblemAsync(409);
        problem.Detail.Should().Contain("3");
        (await ScoresAsync(app, song)).Should().BeEquivalentTo(
            [new TagScoreResponse("One", 0.1), new TagScoreResponse("Three", 0.3), new TagScoreResponse("Two", 0.2)]);
        (await TagNamesAsync(app)).Should().Equal("One", "Three", "Two");
    }

    [Fact]
    public async Task At_the_limit_a_new_tag_may_take_the_place_of_one_no_song_carries_any_more()
    {
        using var app = new ThreeTagsApp { Database = database };
        var admin = await app.AdminAsync();
        var song = await app.AddSongAsync("Full", [await app.AddArtistAsync("A")], null, ("One", 0.1), ("Two", 0.2), ("Three", 0.3));

        var response = await PutTagsAsync(admin, song, ("One", 0.1), ("Two", 0.2), ("Four", 0.4));

        response.StatusCode.Should().Be(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        (await TagNamesAsync(app)).Should().Equal("Four", "One", "Two");
    }

    [Fact]
    public async Task Tags_below_the_limit_are_created()
    {
        using var app = new ThreeTagsApp { Database = database };
        var admin = await app.AdminAsync();
        var song = await app.AddSongAsync("Two tags", [await app.AddArtistAsync("A")], null, ("One", 0.1), ("Two", 0.2));

        var response = await PutTagsAsync(admin, song, ("One", 0.1), ("Two", 0.2), ("Three", 0.3));

        response.StatusCode.Should().Be(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        (await TagNamesAsync(app)).Should().Equal("One", "Three", "Two");
    }

    internal static Task<HttpResponseMessage> PutTagsAsync(HttpClient client, int songId, params (string Name, double Score)[] tags) =>
        client.PutAsJsonAsync($"/songs/{songId}/tags", tags.Select(t => new { name = t.Name, score = t.Score }), Api.Json);

    internal static async Task<List<string>> TagNamesAsync(RadioApp app) =>
        [.. (await app.CreateClient().GetFromJsonAsync<List<TagResponse>>("/tags?limit=200", Api.Json))!.Select(t => t.Name)];

    private static async Task<List<TagScoreResponse>> ScoresAsync(RadioApp app, int songId) =>
        (await app.CreateClient().GetFromJsonAsync<List<TagScoreResponse>>($"/songs/{songId}/tags", Api.Json))!;
}

public abstract class UnusedTagTests(RadioApp app)
{
    public sealed class OnSqlite(RadioApp app) : UnusedTagTests(app), IClassFixture<RadioApp>;

    public sealed class OnPostgreSql(PostgresRadioApp app) : UnusedTagTests(app), IClassFixture<PostgresRadioApp>;

    private SongSearchIndex Index => app.Services.GetRequiredService<SongSearchIndex>();

    [Fact]
    public async Task A_tag_whose_last_song_is_deleted_is_removed_from_the_library_and_the_index()
    {
        var word = LibrarySeed.Word();
        var (gone, shared) = ($"Gone{word}", $"Shared{word}");
        var artist = await app.AddArtistAsync("Deleted");
        var deleted = await app.AddSongAsync("Deleted", [artist], null, (gone, 0.5), (shared, 0.5));
        await app.AddSongAsync("Kept", [artist], null, (shared, 0.5));
        var columns = Index.TagColumnCount;

        (await (await app.AdminAsync()).DeleteAsync($"/songs/{deleted}")).StatusCode.Should().Be(HttpStatusCode.NoContent);

        var tags = await TagLimitTests.TagNamesAsync(app);
        tags.Should().Contain(shared).And.NotContain(gone);
        Index.TagColumnCount.Should().Be(columns - 1, "the removed tag's score column is freed");
        await ShouldBeUnknownInVibeSearchAsync(gone);
    }

    [Fact]
    public async Task A_tag_a_replacement_leaves_without_songs_is_removed_from_the_library_and_the_index()
    {
        var word = LibrarySeed.Word();
        var (old, kept) = ($"Old{word}", $"Kept{word}");
        var song = await app.AddSongAsync("Retagged", [await app.AddArtistAsync("Retag")], null, (old, 0.5), (kept, 0.5));
        var columns = Index.TagColumnCount;

        var response = await TagLimitTests.PutTagsAsync(await app.AdminAsync(), song, (kept, 0.9));

        response.StatusCode.Should().Be(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        (await TagLimitTests.TagNamesAsync(app)).Should().Contain(kept).And.NotContain(old);
        Index.TagColumnCount.Should().Be(columns - 1);
        await ShouldBeUnknownInVibeSearchAsync(old);
    }

    private async Task ShouldBeUnknownInVibeSearchAsync(string tag)
    {
        var search = await app.CreateClient().PostAsJsonAsync("/tags/search", new[] { new { name = tag, target_score = 0.5 } }, Api.Json);
        (await search.ShouldBeProblemAsync(400)).Detail.Should().Contain(tag);
    }
}
