using System.Diagnostics;
using System.Net.Http.Json;
using Radio.Domain.Library;
using Radio.Infrastructure.Media;
using Radio.IntegrationTests.Infrastructure;
using Radio.TestData;
using Radio.Web.Station;
using Xunit.Abstractions;

namespace Radio.IntegrationTests.Station.Sound;

/// <summary>Five songs in the formats and loudnesses real libraries hold, rendered by ffmpeg and on the air.</summary>
public sealed class MixedStationApp : FfmpegApp, IAsyncLifetime
{
    public const double SongSeconds = 4;
    public const double RecordSeconds = 14;

    private Task<Recording>? _recording;

    public MixedStationApp() => OnKestrel();

    public static IReadOnlyList<SongFormat> Formats { get; } =
    [
        SongFormat.Mono48k(), SongFormat.Stereo22kVbr(), SongFormat.Stereo44k320(), SongFormat.Stereo44k128(-30), SongFormat.Stereo44k128(-8),
    ];

    /// <summary>The uploads, in <see cref="Formats"/> order: id and the bytes sent.</summary>
    public List<(int Id, byte[] Upload)> Songs { get; } = [];

    public string Directory => DataDirectory;

    /// <summary>One recording of the stream, shared by the tests that examine it.</summary>
    public Task<Recording> RecordingAsync() => _recording ??= RecordAsync();

    public async Task InitializeAsync()
    {
        foreach (var format in Formats)
        {
            var upload = await FfmpegSongs.SineAsync(format, SongSeconds);
            Songs.Add(((await this.UploadAsync(upload, format.ToString())).Id, upload));
        }

        foreach (var (id, _) in Songs)
        {
            (await this.WaitSettledAsync(id)).RenditionState.Should().Be(RenditionState.Ready);
        }

        await Task.Delay(TimeSpan.FromSeconds(3)); // the last song joins the programme after the one now playing
    }

    private async Task<Recording> RecordAsync()
    {
        using var client = CreateClient();
        using var response = await client.OpenStreamAsync();
        await using var body = await response.Content.ReadAsStreamAsync();
        var connected = TimeProvider.System.GetUtcNow();
        var wall = Stopwatch.StartNew();
        using var recorded = new MemoryStream();
        var buffer = new byte[64 * 1024];
        while (wall.Elapsed.TotalSeconds < RecordSeconds)
        {
            var n = await body.ReadAsync(buffer);
            if (n == 0)
            {
                break;
            }

            recorded.Write(buffer, 0, n);
        }

        var seconds = wall.Elapsed.TotalSeconds;
        var path = Path.Combine(DataDirectory, "recording.mp3");
        await File.WriteAllBytesAsync(path, recorded.ToArray());
        var history = await client.GetFromJsonAsync<List<PlayedSongResponse>>("/radio/history?limit=20", Api.Json);
        return new Recording(path, recorded.ToArray(), seconds, connected, history!);
    }

    Task IAsyncLifetime.DisposeAsync() => Task.CompletedTask;
}

/// <summary>What a listener recorded: the bytes, how long it listened, when it connected, and the history after.</summary>
public sealed record Recording(string Path, byte[] Bytes, double WallSeconds, DateTimeOffset ConnectedAt, List<PlayedSongResponse> History);

public sealed class StationSoundTests(MixedStationApp app, ITestOutputHelper output) : IClassFixture<MixedStationApp>
{
    // the stream's defaults; the first listener also receives this much audio at once
    private const double BurstSeconds = 2;
    private const double TargetLufs = -16;

    [Fact]
    public async Task Every_rendition_has_the_station_rate_channels_and_bitrate()
    {
        foreach (var (id, _) in app.Songs)
        {
            var song = await app.StoredSongAsync(id);
            var bytes = await File.ReadAllBytesAsync(app.MediaPath(song.RenditionKey!));
            var index = Mp3Frames.Read(bytes);

            index.Analysis.ChangesFormat.Should().BeFalse($"song {id} is rendered");
            index.Frames.Should().OnlyContain(f => f.Header.SampleRate == 44100 && f.Header.Channels == 2 && f.Header.BitrateKbps == 128, $"song {id} is rendered");
            LameTag.Read(bytes, index.Analysis).Should().NotBeNull("the encoder's delay and padding are known from the LAME tag");
        }
    }

    [Fact]
    public async Task The_audio_endpoint_keeps_serving_the_upload_as_it_was_sent()
    {
        using var client = app.CreateClient();
        foreach (var (id, upload) in app.Songs)
        {
            (await client.GetByteArrayAsync($"/songs/{id}/audio")).Should().Equal(upload);
            (await client.StationReadyAsync(id)).Should().BeTrue();
        }
    }

    [Fact]
    public async Task A_recording_across_song_changes_is_all_in_the_station_format()
    {
        var recording = await app.RecordingAsync();

        var index = Mp3Frames.Read(recording.Bytes);

        index.Frames.Sum(f => f.Length).Should().BeGreaterThan(recording.Bytes.Length - 1000, "the stream is nothing but frames");
        index.Analysis.ChangesFormat.Should().BeFalse();
        index.Frames.Should().OnlyContain(f => f.Header.SampleRate == 44100 && f.Header.Channels == 2 && f.Header.BitrateKbps == 128);
        SongChanges(recording).Should().BeGreaterThanOrEqualTo(2, "a 14 s recording of 4 s songs spans several changes");
    }

    [Fact]
    public async Task A_recording_decodes_to_as_long_as_it_was_listened_to()
    {
        var recording = await app.RecordingAsync();

        var decoded = await FfmpegSongs.DecodedSecondsAsync(recording.Path);

        output.WriteLine($"listened {recording.WallSeconds:0.00} s, decoded {decoded:0.00} s, {SongChanges(recording)} song changes");
        decoded.Should().BeApproximately(recording.WallSeconds + BurstSeconds, 1, "the burst arrives at once, then audio comes in real time");
    }

    [Fact]
    public async Task Each_song_in_the_recording_is_at_the_station_loudness()
    {
        var recording = await app.RecordingAsync();
        var start = recording.ConnectedAt.AddSeconds(-BurstSeconds); // where the recording's audio begins
        var measured = 0;

        foreach (var entry in recording.History)
        {
            var from = (entry.StartedAt - start).TotalSeconds + 0.5;
            var to = from + entry.DurationSeconds - 1;
            if (from < 0 || to > recording.WallSeconds + BurstSeconds - 0.5)
            {
                continue; // only partly recorded
            }

            var lufs = await FfmpegSongs.IntegratedLufsAsync(recording.Path, from, to);
            output.WriteLine($"'{entry.Title}' {from:0.0}–{to:0.0} s: {lufs:0.0} LUFS");
            lufs.Should().BeApproximately(TargetLufs, 1, $"'{entry.Title}' from {from:0.0} s is normalised");
            measured++;
        }

        measured.Should().BeGreaterThanOrEqualTo(2);
    }

    [Fact]
    public async Task Song_changes_add_no_silence()
    {
        var recording = await app.RecordingAsync();

        var silences = await FfmpegSongs.SilencesAsync(recording.Path, 0.05);

        foreach (var (at, seconds) in await FfmpegSongs.SilencesAsync(recording.Path, 0.001))
        {
            output.WriteLine($"shorter silence at {at:0.000} s: {seconds * 1000:0.0} ms");
        }

        silences.Should().BeEmpty("the songs are tones without silence, and their encoder delay and padding are not sent");
    }

    private static int SongChanges(Recording recording) => recording.History.Count(e =>
        e.StartedAt > recording.ConnectedAt.AddSeconds(-BurstSeconds) && e.StartedAt < recording.ConnectedAt.AddSeconds(recording.WallSeconds));
}
