using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Radio.Infrastructure.Persistence;
using Radio.IntegrationTests.Infrastructure;
using Radio.IntegrationTests.Persistence;
using Radio.Web.Library;

namespace Radio.IntegrationTests.Library;

public abstract class SearchIndexLoadTests(RadioApp app)
{
    public sealed class OnSqlite(RadioApp app) : SearchIndexLoadTests(app), IClassFixture<RadioApp>;

    public sealed class OnPostgreSql(PostgresRadioApp app) : SearchIndexLoadTests(app), IClassFixture<PostgresRadioApp>;

    [Fact]
    public async Task A_restarted_server_loads_titles_artists_and_tags_from_the_database()
    {
        var word = LibrarySeed.Word();
        var first = await app.AddArtistAsync($"Zoë {word}");
        var second = await app.AddArtistAsync("Second");
        var duet = await app.AddSongAsync("Duet", [second, first], null, ($"Glow{word}", 0.7), ($"Dim{word}", 0.2));
        var solo = await app.AddSongAsync($"Solo {word}", [second], null, ($"Glow{word}", 0.1));
        await using (var scope = app.Services.CreateAsyncScope())
        {
            // a change the running server never heard about: only a reload can know it
            var db = scope.ServiceProvider.GetRequiredService<RadioDbContext>();
            await db.Database.ExecuteSqlAsync($"UPDATE songs SET title = {"Renamed"}, title_key = {"renamed " + word} WHERE id = {solo}");
        }

        await using var restarted = new RestartedRadioApp(app);
        var client = restarted.CreateClient();

        var byArtist = await client.GetFromJsonAsync<List<SongResponse>>($"/songs?q=zoe%20{word}", Api.Json);
        var byTitle = await client.GetFromJsonAsync<List<SongResponse>>($"/songs?q=renamed%20{word}", Api.Json);
        var vibe = await (await client.PostAsJsonAsync("/tags/search?limit=2",
            new[] { new { name = $"glow{word}", target_score = 0.7 }, new { name = $"Dim{word}", target_score = 0.2 } }, Api.Json))
            .ReadAsync<List<VibeSongResponse>>();
        var tags = await client.GetFromJsonAsync<List<TagResponse>>("/tags?limit=200", Api.Json);

        byArtist!.Select(s => s.Id).Should().Equal(duet);
        byArtist![0].ArtistNames.Should().Be($"Second, Zoë {word}");
        byTitle!.Select(s => s.Id).Should().Equal(solo);
        vibe!.Select(s => s.Id).Should().Equal(duet, solo);
        vibe![0].MatchError.Should().Be(0);
        vibe[1].MatchError.Should().BeApproximately(0.4, 1e-12, "(|0.7 - 0.1| + |0.2 - 0|) / 2");
        tags.Should().ContainEquivalentOf(new TagResponse($"Glow{word}", 2)).And.ContainEquivalentOf(new TagResponse($"Dim{word}", 1));
    }
}
