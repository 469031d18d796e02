using System.Net.Http.Json;
using Radio.IntegrationTests.Infrastructure;
using Radio.IntegrationTests.Library;
using Radio.Domain.Library;
using Radio.IntegrationTests.Station;
using Radio.IntegrationTests.Station.Sound;
using Radio.TestData;
using Radio.Web.Library;

namespace Radio.BrowserTests;

/// <summary>
/// A server on real Kestrel with ffmpeg whose library holds three short songs with album art and tags, uploaded as a
/// client would and on the air before the tests start. Each song is a tone of its own (<see cref="Tones"/>), so a
/// test can hear in the page which song plays.
/// </summary>
public sealed class PlayerApp : FfmpegApp, IAsyncLifetime
{
    public static readonly string[] Titles = ["Bright Morning", "Calm Water", "Night Drive"];
    public static readonly int[] Tones = [440, 660, 880];

    public PlayerApp() => OnKestrel();

    public IReadOnlyList<SongResponse> Songs { get; private set; } = [];

    /// <summary>
    /// The listener-feature endpoints the page calls that this server answers with 404, as a server without them
    /// does (API.md, Listener features, is built on another branch): their failed loads are not the page's errors.
    /// </summary>
    public IReadOnlyList<string> MissingEndpoints { get; private set; } = [];

    protected override IReadOnlyDictionary<string, string> Settings => new Dictionary<string, string>(base.Settings)
    {
        // any song may be requested, however recently it played: the library is three songs
        ["Radio:Requests:RecentMinutes"] = "0",
    };

    public async Task InitializeAsync()
    {
        var admin = await this.AdminAsync();
        var (_, artistId) = await this.NewArtistAsync("The Testers");
        var songs = new List<SongResponse>();
        for (var i = 0; i < Titles.Length; i++)
        {
            var tone = await FfmpegSongs.SineAsync(SongFormat.Stereo44k128() with { Frequency = Tones[i] }, 5);
            var form = LibraryApi.Form(tone, Titles[i], PngWriter.Png(64, 64), artistIds: $"{artistId}");
            var response = await admin.UploadAsync(form);
            ((int)response.StatusCode).Should().Be(201, await response.Content.ReadAsStringAsync());
            var song = (await response.ReadAsync<SongResponse>())!;
            var tags = await admin.PutAsJsonAsync(
                $"/songs/{song.Id}/tags", new[] { new { name = "Chill", score = i / 2.0 }, new { name = "Energy", score = 1 - (i / 2.0) } }, Api.Json);
            tags.EnsureSuccessStatusCode();
            songs.Add(song);
        }

        foreach (var song in songs)
        {
            (await this.WaitSettledAsync(song.Id)).RenditionState.Should().Be(RenditionState.Ready);
        }

        Songs = songs;
        var missing = new List<string>();
        foreach (var path in new[] { "/radio/requests", "/users/me/favorites" })
        {
            var answer = await admin.GetAsync(path);
            if (answer.StatusCode == System.Net.HttpStatusCode.NotFound)
            {
                missing.Add(path);
            }
        }

        MissingEndpoints = missing;
        await this.WaitOnAirAsync();
        await Task.Delay(TimeSpan.FromSeconds(2)); // a full burst for the first listener
    }

    Task IAsyncLifetime.DisposeAsync() => Task.CompletedTask;
}
