using System.Net.Http.Json;
using System.Text.Json;
using Radio.IntegrationTests.Infrastructure;

namespace Radio.IntegrationTests.Listens;

/// <summary>
/// The export against the listen format ListenBrainz documents for submissions
/// (listenbrainz-server, docs/users/json.rst, "JSON Documentation": "Submission JSON" and "Payload JSON details").
/// </summary>
public sealed class ListenExportTests(HundredSecondSongApp app) : IClassFixture<HundredSecondSongApp>
{
    [Fact]
    public async Task The_export_is_a_listenbrainz_import_payload_with_the_songs_title_artists_album_and_duration()
    {
        var play = await app.NextPlayAsync();
        var listener = await app.NewListenerAsync();
        await listener.ConnectAsync();
        await listener.PlayAsync(30);
        await listener.PlayAsync(30);
        await app.FlushEverythingAsync();

        using var export = JsonDocument.Parse(await listener.Client.GetStringAsync("/users/me/listens/export"));

        ListenBrainzSchema.Validate(export.RootElement);
        var listen = export.RootElement.EnumerateArray().Should().ContainSingle().Subject;
        listen.GetProperty("listened_at").GetInt64().Should().Be(play.ToUnixTimeSeconds());
        var track = listen.GetProperty("track_metadata");
        track.GetProperty("artist_name").GetString().Should().Be(string.Join(", ", app.Artists));
        track.GetProperty("track_name").GetString().Should().Be(app.Title);
        track.GetProperty("release_name").GetString().Should().Be(app.AlbumTitle);
        track.GetProperty("additional_info").GetProperty("duration_ms").GetInt64().Should().Be(100_000);
        track.GetProperty("additional_info").GetProperty("submission_client").GetString().Should().Be("Radio");
    }

    [Fact]
    public async Task The_export_round_trips_as_the_payload_of_an_import_submission()
    {
        await app.NextPlayAsync();
        var listener = await app.NewListenerAsync();
        await listener.ConnectAsync();
        for (var i = 0; i < 10; i++)
        {
            await listener.PlayAsync(20);
        }

        await app.FlushEverythingAsync();
        var payload = await listener.Client.GetFromJsonAsync<JsonElement>("/users/me/listens/export");

        var submission = JsonSerializer.SerializeToElement(new { listen_type = "import", payload });

        ListenBrainzSchema.ValidateSubmission(submission);
        submission.GetProperty("payload").GetArrayLength().Should().Be(2);
    }
}

/// <summary>A song without an album: the export leaves <c>release_name</c> out, as ListenBrainz asks for missing data.</summary>
public sealed class ListenExportWithoutAlbumTests(TenMinuteSongApp app) : IClassFixture<TenMinuteSongApp>
{
    [Fact]
    public async Task A_song_without_an_album_has_no_release_name_and_the_240_second_cap_decides_a_long_song()
    {
        var play = await app.NextPlayAsync();
        var listener = await app.NewListenerAsync();
        await listener.ConnectAsync();
        for (var i = 0; i < 7; i++)
        {
            await listener.PlayAsync(30);
        }

        await app.FlushEverythingAsync();
        (await listener.ListensAsync()).Should().BeEmpty("210 s is under the 240 s a 10-minute song needs");

        await listener.PlayAsync(30);
        await app.FlushEverythingAsync();

        var listen = (await listener.ListensAsync()).Should().ContainSingle().Subject;
        listen.ListenedAt.Should().Be(play);
        listen.CreditedSeconds.Should().Be(240);
        using var export = JsonDocument.Parse(await listener.Client.GetStringAsync("/users/me/listens/export"));
        ListenBrainzSchema.Validate(export.RootElement);
        export.RootElement[0].GetProperty("track_metadata").TryGetProperty("release_name", out _).Should().BeFalse();
        export.RootElement[0].GetProperty("track_metadata").GetProperty("additional_info").GetProperty("duration_ms").GetInt64()
            .Should().Be(600_000);
    }
}

/// <summary>Deleting a song deletes its listens: an export could not name it any more.</summary>
public sealed class DeletedSongListenTests
{
    [Fact]
    public async Task A_deleted_songs_listens_go_with_it()
    {
        await using var app = new HundredSecondSongApp();
        await app.InitializeAsync();
        await app.NextPlayAsync();
        var listener = await app.NewListenerAsync();
        await listener.ConnectAsync();
        await listener.PlayAsync(30);
        await listener.PlayAsync(30);
        await app.FlushEverythingAsync();
        (await listener.ListensAsync()).Should().ContainSingle();

        var admin = app.CreateClient((await app.CreateClient().LoginAsync(RadioApp.AdminUsername, RadioApp.AdminPassword)).Token);
        (await admin.DeleteAsync($"/songs/{app.SongId}")).EnsureSuccessStatusCode();

        (await listener.ListensAsync()).Should().BeEmpty();
        (await app.StoredListensAsync(listener.UserId)).Should().BeEmpty();
    }
}

/// <summary>
/// The listen schema derived from ListenBrainz's "JSON Documentation" (listenbrainz-server docs/users/json.rst,
/// https://listenbrainz.readthedocs.io/en/latest/users/json.html) and the limits of its API docs (api_tools constants):
/// a submission is <c>{listen_type, payload}</c>, <c>import</c> with 1 to 1000 listens; a listen holds only
/// <c>listened_at</c> (integer Unix seconds, at least LISTEN_MINIMUM_TS 1033430400) and <c>track_metadata</c>;
/// <c>track_metadata</c> needs <c>artist_name</c> and <c>track_name</c> (simple, non-empty strings) and may have
/// <c>release_name</c> (string) and <c>additional_info</c> (object); in it <c>duration_ms</c> and <c>duration</c> are
/// positive integers, only one of them, and <c>submission_client</c> is a string. Fields without data are left out.
/// </summary>
internal static class ListenBrainzSchema
{
    private const long ListenMinimumTs = 1033430400;
    private const int MaxListensPerRequest = 1000;

    private static readonly string[] ListenFields = ["listened_at", "track_metadata"];
    private static readonly string[] TrackFields = ["artist_name", "track_name", "release_name", "additional_info"];

    public static void ValidateSubmission(JsonElement submission)
    {
        submission.GetProperty("listen_type").GetString().Should().BeOneOf("single", "playing_now", "import");
        Validate(submission.GetProperty("payload"));
    }

    /// <summary>A <c>payload</c> array of an <c>import</c> submission.</summary>
    public static void Validate(JsonElement payload)
    {
        payload.ValueKind.Should().Be(JsonValueKind.Array);
        payload.GetArrayLength().Should().BeInRange(1, MaxListensPerRequest);
        foreach (var listen in payload.EnumerateArray())
        {
            listen.ValueKind.Should().Be(JsonValueKind.Object);
            listen.EnumerateObject().Select(p => p.Name).Should().BeSubsetOf(ListenFields, "a listen has only these two keys");
            var listenedAt = listen.GetProperty("listened_at");
            listenedAt.ValueKind.Should().Be(JsonValueKind.Number);
            listenedAt.TryGetInt64(out var seconds).Should().BeTrue("listened_at is an integer");
            seconds.Should().BeGreaterThanOrEqualTo(ListenMinimumTs);

            var track = listen.GetProperty("track_metadata");
            track.ValueKind.Should().Be(JsonValueKind.Object);
            track.EnumerateObject().Select(p => p.Name).Should().BeSubsetOf(TrackFields);
            foreach (var required in new[] { "artist_name", "track_name" })
            {
                track.GetProperty(required).ValueKind.Should().Be(JsonValueKind.String);
                track.GetProperty(required).GetString().Should().NotBeNullOrWhiteSpace();
            }

            if (track.TryGetProperty("release_name", out var release))
            {
                release.ValueKind.Should().Be(JsonValueKind.String, "a missing album is left out, never null");
            }

            if (track.TryGetProperty("additional_info", out var info))
            {
                ValidateAdditionalInfo(info);
            }
        }
    }

    private static void ValidateAdditionalInfo(JsonElement info)
    {
        info.ValueKind.Should().Be(JsonValueKind.Object);
        (info.TryGetProperty("duration_ms", out _) && info.TryGetProperty("duration", out _)).Should().BeFalse("only one of the two");
        foreach (var name in new[] { "duration_ms", "duration" })
        {
            if (info.TryGetProperty(name, out var duration))
            {
                duration.TryGetInt64(out var value).Should().BeTrue($"{name} is an integer");
                value.Should().BePositive();
            }
        }

        if (info.TryGetProperty("submission_client", out var client))
        {
            client.ValueKind.Should().Be(JsonValueKind.String);
        }
    }
}
