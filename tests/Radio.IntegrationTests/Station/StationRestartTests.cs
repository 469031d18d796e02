using System.Net.Http.Json;
using Microsoft.Data.Sqlite;
using Radio.IntegrationTests.Infrastructure;

namespace Radio.IntegrationTests.Station;

public sealed class StationRestartTests
{
    private sealed record NowPlaying(Song? Song, DateTimeOffset? StartedAt, double PositionSeconds);

    private sealed record Song(int Id, string Title);

    [Fact]
    public async Task A_restarted_server_continues_the_same_song_from_the_stored_schedule()
    {
        var first = new FirstRadioApp();
        NowPlaying before;
        try
        {
            await first.AddSongAsync("Long A", 30);
            await first.AddSongAsync("Long B", 30);
            before = (await first.CreateClient().GetFromJsonAsync<NowPlaying>("/radio/now-playing", Api.Json))!;
        }
        finally
        {
            await first.DisposeAsync(); // leaves the data directory: it is about to be restarted
        }

        await using var restarted = new RestartedRadioApp(first.DataDirectory);
        var after = (await restarted.CreateClient().GetFromJsonAsync<NowPlaying>("/radio/now-playing", Api.Json))!;

        after.Song!.Id.Should().Be(before.Song!.Id);
        after.StartedAt.Should().Be(before.StartedAt);
        after.PositionSeconds.Should().BeGreaterThan(before.PositionSeconds, "the song went on playing in the stored schedule");

        await restarted.DisposeAsync();
        SqliteConnection.ClearAllPools();
        Directory.Delete(first.DataDirectory, recursive: true);
    }

    /// <summary>A server whose data directory outlives it, as a process that stops and starts again.</summary>
    private sealed class FirstRadioApp : RadioApp
    {
        protected override bool OwnsDataDirectory => false;
    }
}
