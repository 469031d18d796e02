using System.Net.Http.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Radio.Domain.Library;
using Radio.Infrastructure.Persistence;
using Radio.IntegrationTests.Infrastructure;
using Radio.IntegrationTests.Library;
using Radio.IntegrationTests.Operations;
using Radio.TestData;
using Radio.Web.Library;
using Serilog.Core;

namespace Radio.IntegrationTests.Station.Sound;

/// <summary>A server on real Kestrel that makes station renditions with the real ffmpeg (or another ffmpeg executable given).</summary>
public class FfmpegApp : RadioApp
{
    private readonly string _ffmpeg;

    public FfmpegApp() : this(null)
    {
    }

    protected FfmpegApp(string? ffmpeg) => (_ffmpeg, Logs) = (ffmpeg ?? FfmpegSongs.Ffmpeg, new LogCollector());

    protected FfmpegApp(string dataDirectory, string? ffmpeg) : base(dataDirectory) =>
        (_ffmpeg, Logs) = (ffmpeg ?? FfmpegSongs.Ffmpeg, new LogCollector());

    /// <summary>The renditions' log events (rendered, failed), collected.</summary>
    public LogCollector Logs { get; }

    protected override IReadOnlyDictionary<string, string> Settings => new Dictionary<string, string>
    {
        ["Radio:Station:Ffmpeg"] = _ffmpeg,
        ["Radio:Station:RenditionPollSeconds"] = "0.2",
        ["Radio:Station:RenditionWorkers"] = "2",
        ["Radio:Station:ScheduleIntervalSeconds"] = "0.5",
        ["Radio:Station:ScheduleAheadSeconds"] = "30",
        ["Serilog:MinimumLevel:Override:Radio.Infrastructure.Station.RenditionWorker"] = "Information",
    };

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureTestServices(services => services.AddSingleton<ILogEventSink>(Logs));
    }

    /// <summary>Starts the server on a loopback port: the stream is served from sockets only real Kestrel has.</summary>
    public FfmpegApp OnKestrel()
    {
        UseKestrel(0);
        return this;
    }
}

/// <summary>A second server with ffmpeg on the data directory (and database) of another: a restart, or a second instance.</summary>
public sealed class SharedFfmpegApp(string dataDirectory, string? ffmpeg = null) : FfmpegApp(dataDirectory, ffmpeg)
{
    protected override bool OwnsDataDirectory => false;
}

/// <summary>Uploads and waits for renditions the way a client would see them.</summary>
public static class Renditions
{
    public static async Task<SongResponse> UploadAsync(this RadioApp app, byte[] audio, string title)
    {
        var admin = await app.AdminAsync();
        var (_, artistId) = await app.NewArtistAsync();
        var response = await admin.UploadAsync(LibraryApi.Form(audio, title, artistIds: $"{artistId}"));
        ((int)response.StatusCode).Should().Be(201, await response.Content.ReadAsStringAsync());
        return (await response.ReadAsync<SongResponse>())!;
    }

    /// <summary>Waits until the song's rendition leaves waiting and working; returns what was stored.</summary>
    public static async Task<Song> WaitSettledAsync(this RadioApp app, int songId, double seconds = 60)
    {
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (true)
        {
            var song = await app.StoredSongAsync(songId);
            if (song.RenditionState is RenditionState.Ready or RenditionState.Failed || waited.Elapsed.TotalSeconds > seconds)
            {
                return song;
            }

            await Task.Delay(100);
        }
    }

    public static async Task<Song> StoredSongAsync(this RadioApp app, int songId)
    {
        await using var scope = app.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<RadioDbContext>().Songs.AsNoTracking().SingleAsync(s => s.Id == songId);
    }

    public static async Task<bool> StationReadyAsync(this HttpClient client, int songId) =>
        (await client.GetFromJsonAsync<SongResponse>($"/songs/{songId}", Api.Json))!.StationReady;

    public static string MediaPath(this RadioApp app, string key) => Path.Combine(app.DataDirectory, "media", key);
}
