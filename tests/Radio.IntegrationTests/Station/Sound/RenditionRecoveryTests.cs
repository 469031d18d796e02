using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Radio.Domain.Library;
using Radio.Infrastructure.Persistence;
using Radio.IntegrationTests.Infrastructure;
using Radio.TestData;

namespace Radio.IntegrationTests.Station.Sound;

/// <summary>Renditions are durable work: they survive restarts and crashes, fail once, and are made once per song.</summary>
public sealed class RenditionRecoveryTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "radio-tests", Guid.NewGuid().ToString("N"));

    [Fact]
    public async Task A_stopped_instance_gives_its_rendition_back_and_the_restarted_one_finishes_it()
    {
        var longSong = await FfmpegSongs.SineAsync(SongFormat.Mono48k(), 120);
        int id;
        string firstOwner;
        await using (var first = new SharedFfmpegApp(_dir))
        {
            id = (await first.UploadAsync(longSong, "Long Song")).Id;
            Song working = null!;
            await WithoutFfmpegTests.WaitUntilAsync(async () => (working = await first.StoredSongAsync(id)).RenditionState == RenditionState.Working);
            firstOwner = working.RenditionOwner!;
        }

        // the claim's lease is a minute: the restarted instance taking the song well within it means the stopping one
        // gave the claim back; rendering two minutes of audio then takes what it takes on a loaded machine (CI: over 30 s)
        await using var restarted = new SharedFfmpegApp(_dir);
        await WithoutFfmpegTests.WaitUntilAsync(async () => (await restarted.StoredSongAsync(id)).RenditionOwner is { } owner && owner != firstOwner);
        var song = await restarted.WaitSettledAsync(id, seconds: 120);

        song.RenditionState.Should().Be(RenditionState.Ready);
        File.Exists(restarted.MediaPath(song.RenditionKey!)).Should().BeTrue();
    }

    [Fact]
    public async Task A_crashed_instance_s_claim_is_taken_again_once_its_lease_has_expired_and_not_before()
    {
        await using var old = new SharedFfmpegApp(_dir, RadioApp.NoFfmpeg); // cannot render 48 kHz: the songs wait
        var expired = (await old.UploadAsync(await FfmpegSongs.SineAsync(SongFormat.Mono48k(), 3), "Expired Claim")).Id;
        var live = (await old.UploadAsync(await FfmpegSongs.SineAsync(SongFormat.Mono48k(), 3), "Live Claim")).Id;
        var now = TimeProvider.System.GetUtcNow();
        await ClaimAsync(old, expired, "crashed-instance", now.AddMinutes(-1));
        await ClaimAsync(old, live, "busy-instance", now.AddHours(1));

        await using var renderer = new SharedFfmpegApp(_dir);
        var retaken = await renderer.WaitSettledAsync(expired);
        var untouched = await renderer.StoredSongAsync(live);

        retaken.RenditionState.Should().Be(RenditionState.Ready);
        untouched.RenditionState.Should().Be(RenditionState.Working, "a claim whose lease runs is left to its instance");
        untouched.RenditionOwner.Should().Be("busy-instance");
    }

    [Fact]
    public async Task A_file_ffmpeg_cannot_decode_ends_failed_and_is_not_tried_again()
    {
        await using var app = new SharedFfmpegApp(_dir);
        var id = (await app.UploadAsync(FfmpegSongs.UndecodableMp3(200), "Noise")).Id;

        var failed = await app.WaitSettledAsync(id);
        await Task.Delay(TimeSpan.FromSeconds(2)); // ten polls of the queue

        failed.RenditionState.Should().Be(RenditionState.Failed);
        failed.RenditionError.Should().StartWith("ffmpeg failed");
        (await app.StoredSongAsync(id)).RenditionState.Should().Be(RenditionState.Failed);
        using var client = app.CreateClient();
        (await client.StationReadyAsync(id)).Should().BeFalse();
        app.Logs.Events.Count(e => e.MessageTemplate.Text.Contains("could not be rendered", StringComparison.Ordinal))
            .Should().Be(1, "a failed rendition is logged once, not retried");
    }

    [Fact]
    public async Task Two_instances_on_one_database_render_each_song_once()
    {
        await using var one = new SharedFfmpegApp(_dir);
        await using var two = new SharedFfmpegApp(_dir);
        using (two.CreateClient())
        {
            // both instances are up, their workers polling the same queue
        }

        var ids = new List<int>();
        foreach (var format in (SongFormat[])[SongFormat.Mono48k(), SongFormat.Stereo22kVbr(), SongFormat.Stereo44k320(), SongFormat.Stereo44k128(-30)])
        {
            ids.Add((await one.UploadAsync(await FfmpegSongs.SineAsync(format, 3), format.Name)).Id);
        }

        foreach (var id in ids)
        {
            (await one.WaitSettledAsync(id)).RenditionState.Should().Be(RenditionState.Ready);
        }

        var rendered = one.Logs.Events.Concat(two.Logs.Events)
            .Where(e => e.MessageTemplate.Text.Contains("rendered for the station", StringComparison.Ordinal))
            .Select(e => int.Parse(e.Properties["SongId"].ToString(), System.Globalization.CultureInfo.InvariantCulture))
            .ToList();
        rendered.Should().BeEquivalentTo(ids, "each song is claimed by exactly one instance");
        var renditionFiles = Directory.GetFiles(Path.Combine(_dir, "media"), "*.mp3").Length - ids.Count;
        renditionFiles.Should().Be(ids.Count);
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_dir, recursive: true);
        }
        catch (IOException)
        {
            // best effort
        }
    }

    private static async Task ClaimAsync(SharedFfmpegApp app, int songId, string owner, DateTimeOffset leaseUntil)
    {
        await using var scope = app.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<RadioDbContext>().Songs.Where(s => s.Id == songId).ExecuteUpdateAsync(u => u
            .SetProperty(s => s.RenditionState, RenditionState.Working)
            .SetProperty(s => s.RenditionOwner, owner)
            .SetProperty(s => s.RenditionLeaseUntil, leaseUntil));
    }
}
