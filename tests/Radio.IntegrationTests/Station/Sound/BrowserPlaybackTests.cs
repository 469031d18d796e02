using System.Diagnostics;
using System.Net.Http.Json;
using Radio.Domain.Library;
using Radio.IntegrationTests.Infrastructure;
using Radio.TestData;
using Radio.Web.Station;
using Xunit.Abstractions;

namespace Radio.IntegrationTests.Station.Sound;

/// <summary>Short songs of mixed formats, rendered by ffmpeg, on real Kestrel for a real browser.</summary>
public sealed class BrowserStationApp : FfmpegApp, IAsyncLifetime
{
    public BrowserStationApp() => OnKestrel();

    public async Task InitializeAsync()
    {
        SongFormat[] formats =
        [
            SongFormat.Mono48k(), SongFormat.Stereo22kVbr(), SongFormat.Stereo44k320(), SongFormat.Stereo44k128(-30),
            SongFormat.Stereo44k128(-8), new("32 kHz mono", 32000, 1, ["-b:a", "64k"], -20, 660),
        ];
        var ids = new List<int>();
        foreach (var format in formats)
        {
            ids.Add((await this.UploadAsync(await FfmpegSongs.SineAsync(format, 3.5), format.ToString())).Id);
        }

        foreach (var id in ids)
        {
            (await this.WaitSettledAsync(id)).RenditionState.Should().Be(RenditionState.Ready);
        }

        await Task.Delay(TimeSpan.FromSeconds(3)); // every song is in the programme, and the burst is full
    }

    Task IAsyncLifetime.DisposeAsync() => Task.CompletedTask;
}

/// <summary>Headless Chromium (Debian's chromium and chromium-driver) plays the stream through song changes of mixed formats.</summary>
public sealed class BrowserPlaybackTests(BrowserStationApp app, ITestOutputHelper output) : IClassFixture<BrowserStationApp>
{
    private const int SongChanges = 5;

    [Fact]
    public async Task An_audio_element_plays_across_five_song_changes_of_mixed_formats()
    {
        HeadlessChromium.Installed.Should().BeTrue("the browser test needs Debian's chromium and chromium-driver (.ci/run installs them)");
        using var client = app.CreateClient();
        using var browser = HeadlessChromium.Start();
        browser.Navigate().GoToUrl(new Uri(client.BaseAddress!, "/health/live"));
        browser.ExecuteScript("""
            const audio = document.createElement('audio');
            audio.id = 'radio';
            audio.src = '/radio/stream';
            document.body.appendChild(audio);
            audio.play().catch(e => { window.playFailed = String(e); });
            """);

        var wall = Stopwatch.StartNew();
        var changes = new List<(double At, string Title)>();
        var samples = new List<(double At, double CurrentTime)>();
        int? lastSong = null;
        while (changes.Count < SongChanges + 1 && wall.Elapsed < TimeSpan.FromSeconds(60))
        {
            await Task.Delay(TimeSpan.FromSeconds(0.5));
            var state = (IReadOnlyDictionary<string, object>)browser.ExecuteScript("""
                const audio = document.getElementById('radio');
                return { time: audio.currentTime, error: audio.error ? audio.error.code : 0, failed: window.playFailed || '' };
                """)!;
            Convert.ToInt32(state["error"], System.Globalization.CultureInfo.InvariantCulture)
                .Should().Be(0, $"the player must not stop (MEDIA_ERR) after {changes.Count} song changes");
            ((string)state["failed"]).Should().BeEmpty();
            samples.Add((wall.Elapsed.TotalSeconds, Convert.ToDouble(state["time"], System.Globalization.CultureInfo.InvariantCulture)));

            var now = await client.GetFromJsonAsync<NowPlayingResponse>("/radio/now-playing", Api.Json);
            if (now!.Song is { } song && song.Id != lastSong)
            {
                changes.Add((wall.Elapsed.TotalSeconds, song.Title));
                lastSong = song.Id;
            }
        }

        var beforeLast = samples[^1];
        await Task.Delay(TimeSpan.FromSeconds(3)); // the player is a burst behind live: let it play the last change too
        var end = Convert.ToDouble(browser.ExecuteScript("return document.getElementById('radio').currentTime;"), System.Globalization.CultureInfo.InvariantCulture);
        var errorAtEnd = browser.ExecuteScript("const a = document.getElementById('radio'); return a.error ? a.error.code : 0;");
        samples.Add((wall.Elapsed.TotalSeconds, end));
        foreach (var (at, title) in changes)
        {
            output.WriteLine($"{at,5:0.0} s: now playing '{title}'");
        }

        output.WriteLine($"currentTime {samples[0].CurrentTime:0.0} s at {samples[0].At:0.0} s, {end:0.0} s at {wall.Elapsed.TotalSeconds:0.0} s");
        output.WriteLine(string.Join(" ", samples.Select(s => $"{s.At:0.0}:{s.CurrentTime:0.0}")));
        Convert.ToInt64(errorAtEnd, System.Globalization.CultureInfo.InvariantCulture).Should().Be(0);
        (changes.Count - 1).Should().BeGreaterThanOrEqualTo(SongChanges);
        var played = end - samples[0].CurrentTime;
        var elapsed = wall.Elapsed.TotalSeconds - samples[0].At;
        // a player stopped by a decode error stands still; one briefly starved of CPU on a busy machine only lags a little
        (played / elapsed).Should().BeInRange(0.75, 1.1, "currentTime advances about one second per second");
        (end - beforeLast.CurrentTime).Should().BeGreaterThan(2, "the player still plays after the last song change");
    }
}
