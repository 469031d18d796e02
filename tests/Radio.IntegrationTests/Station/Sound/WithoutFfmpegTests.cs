using System.Net.Http.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Radio.Infrastructure.Media;
using Radio.IntegrationTests.Infrastructure;
using Radio.IntegrationTests.Operations;
using Radio.TestData;
using Radio.Web.Station;
using Serilog.Core;
using Serilog.Events;

namespace Radio.IntegrationTests.Station.Sound;

/// <summary>A server whose Radio:Station:Ffmpeg names a file that does not exist, on real Kestrel, its warnings collected.</summary>
public sealed class NoFfmpegApp : RadioApp
{
    public NoFfmpegApp() => UseKestrel(0);

    public LogCollector Logs { get; } = new();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureTestServices(services => services.AddSingleton<ILogEventSink>(Logs));
    }
}

public sealed class WithoutFfmpegTests(NoFfmpegApp app) : IClassFixture<NoFfmpegApp>
{
    [Fact]
    public async Task A_48_kHz_upload_is_201_and_stays_off_the_air_while_a_44_1_kHz_stereo_one_plays()
    {
        var other = await app.UploadAsync(Mp3Writer.Cbr(4, sampleRate: 48000), "Other Rate");
        var mixed = await app.UploadAsync(Mp3Writer.Concat(Mp3Writer.Cbr(2), Mp3Writer.Cbr(2, sampleRate: 48000)), "Mixed Rate");
        var station = await app.UploadAsync(Mp3Writer.Cbr(4), "Station Rate");
        other.StationReady.Should().BeFalse("a 48 kHz song cannot join a 44.1 kHz stream without ffmpeg");

        using var client = app.CreateClient();
        await WaitUntilAsync(() => client.StationReadyAsync(station.Id));
        var nowPlaying = await WaitForNowPlayingAsync(client);
        await app.WaitOnAirAsync();
        using var response = await client.OpenStreamAsync();
        var recorded = await (await response.Content.ReadAsStreamAsync()).ReadAtLeastAsync(3 * StationSongs.BytesPerSecond, TimeSpan.FromSeconds(6));

        nowPlaying.Song!.Id.Should().Be(station.Id);
        response.IsSuccessStatusCode.Should().BeTrue();
        recorded.Length.Should().BeGreaterThan(StationSongs.BytesPerSecond);
        var index = Mp3Frames.Read(recorded);
        index.Analysis.ChangesFormat.Should().BeFalse();
        index.Frames.Should().NotBeEmpty().And.OnlyContain(f => f.Header.SampleRate == 44100 && f.Header.Channels == 2);
        (await client.StationReadyAsync(other.Id)).Should().BeFalse();
        (await client.StationReadyAsync(mixed.Id)).Should().BeFalse("every frame, not just the first ones, must have the station's format");
        var history = await client.GetFromJsonAsync<List<PlayedSongResponse>>("/radio/history?limit=50", Api.Json);
        history!.Should().NotContain(s => s.Id == other.Id || s.Id == mixed.Id);
        nowPlaying.Next.Should().NotContain(s => s.Id == other.Id || s.Id == mixed.Id);
    }

    [Fact]
    public async Task Start_up_says_once_that_ffmpeg_is_missing_and_what_that_means()
    {
        using var client = app.CreateClient();
        await Task.Delay(500);

        var missing = app.Logs.Events.Where(e => e.MessageTemplate.Text.Contains("ffmpeg was not found", StringComparison.Ordinal)).ToList();

        missing.Should().ContainSingle().Which.Level.Should().Be(LogEventLevel.Warning);
        missing[0].RenderMessage(System.Globalization.CultureInfo.InvariantCulture).Should()
            .Contain("/nonexistent/ffmpeg").And.Contain("44100 Hz").And.Contain("apt-get install ffmpeg");
    }

    private static async Task<NowPlayingResponse> WaitForNowPlayingAsync(HttpClient client)
    {
        NowPlayingResponse? now = null;
        await WaitUntilAsync(async () =>
        {
            now = await client.GetFromJsonAsync<NowPlayingResponse>("/radio/now-playing", Api.Json);
            return now!.Song is not null;
        });
        return now!;
    }

    internal static async Task WaitUntilAsync(Func<Task<bool>> condition, double seconds = 20)
    {
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (!await condition())
        {
            waited.Elapsed.TotalSeconds.Should().BeLessThan(seconds, "the condition should hold by then");
            await Task.Delay(100);
        }
    }
}
