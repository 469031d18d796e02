using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using Radio.IntegrationTests.Infrastructure;
using Radio.IntegrationTests.Persistence;
using Radio.TestData;
using Radio.Web.Library;

namespace Radio.IntegrationTests.Library;

public abstract class SongUploadTests(RadioApp app)
{
    public sealed class OnSqlite(RadioApp app) : SongUploadTests(app), IClassFixture<RadioApp>;

    public sealed class OnPostgreSql(PostgresRadioApp app) : SongUploadTests(app), IClassFixture<PostgresRadioApp>;

    [Fact]
    public async Task An_artist_uploads_a_song_as_its_own_artist_and_gets_201_with_a_location()
    {
        var (artist, artistId) = await app.NewArtistAsync("Solo Act");

        var response = await artist.UploadAsync(LibraryApi.Form(LibraryApi.ThreeSeconds, "  First Light "));

        response.StatusCode.Should().Be(HttpStatusCode.Created);
        var song = (await response.ReadAsync<SongResponse>())!;
        response.Headers.Location!.OriginalString.Should().Be($"/songs/{song.Id}");
        song.Title.Should().Be("First Light");
        song.ArtistIds.Should().Equal(artistId);
        song.ArtistNames.Should().Be("Solo Act");
        song.AlbumId.Should().BeNull();
        song.AlbumTitle.Should().BeNull();
        song.HasImage.Should().BeFalse();
        song.DurationSeconds.Should().BeApproximately(3.0, 0.05, "the duration is read from the frames");
        var fetched = await app.CreateClient().GetAsync(response.Headers.Location);
        // station_ready turns true in the background once the song may go on the air
        (await fetched.ReadAsync<SongResponse>()).Should().BeEquivalentTo(song, o => o.Excluding(s => s.StationReady));
    }

    [Fact]
    public async Task An_admin_uploads_with_an_image_an_album_and_artists_in_the_given_order()
    {
        var (first, firstId) = await app.NewArtistAsync("Zed");
        var (_, secondId) = await app.NewArtistAsync("Amy");
        var album = await first.CreateAlbumAsync("Long Player", firstId);
        var admin = await app.AdminAsync();

        var song = await admin.UploadSongAsync("Duet", PngWriter.Png(4, 4), album.Id.ToString(CultureInfo.InvariantCulture), $"{firstId}, {secondId}");

        song.ArtistIds.Should().Equal(firstId, secondId);
        song.ArtistNames.Should().Be("Zed, Amy");
        song.AlbumId.Should().Be(album.Id);
        song.AlbumTitle.Should().Be("Long Player");
        song.HasImage.Should().BeTrue();
    }

    [Fact]
    public async Task Files_are_stored_under_server_chosen_names()
    {
        var (artist, _) = await app.NewArtistAsync();

        await artist.UploadSongAsync(image: PngWriter.Png());

        Directory.GetFiles(Path.Combine(app.DataDirectory, "media")).Select(Path.GetFileName)
            .Should().OnlyContain(name => name!.Length == 36 && (name.EndsWith(".mp3") || name.EndsWith(".png")));
    }

    [Fact]
    public async Task An_artist_may_upload_with_others_when_its_own_artist_is_listed()
    {
        var (artist, artistId) = await app.NewArtistAsync();
        var (_, otherId) = await app.NewArtistAsync();

        var song = await artist.UploadSongAsync(artistIds: $"{otherId},{artistId}");

        song.ArtistIds.Should().Equal(otherId, artistId);
    }

    [Fact]
    public async Task An_artist_uploading_only_for_others_is_403_and_leaves_nothing()
    {
        var (artist, _) = await app.NewArtistAsync();
        var (_, otherId) = await app.NewArtistAsync();
        var before = await app.StoredAsync();

        var response = await artist.UploadAsync(LibraryApi.Form(LibraryApi.ThreeSeconds, artistIds: otherId.ToString(CultureInfo.InvariantCulture)));

        await response.ShouldBeProblemAsync(403);
        (await app.StoredAsync()).Should().Be(before);
    }

    [Fact]
    public async Task An_admin_without_artist_ids_is_400()
    {
        var admin = await app.AdminAsync();

        var response = await admin.UploadAsync(LibraryApi.Form(LibraryApi.ThreeSeconds));

        (await response.ShouldBeProblemAsync(400)).Errors.Should().ContainKey("artist_ids");
    }

    [Fact]
    public async Task Without_a_token_an_upload_is_401()
    {
        var response = await app.CreateClient().UploadAsync(LibraryApi.Form(LibraryApi.ThreeSeconds));

        await response.ShouldBeProblemAsync(401);
    }

    [Fact]
    public async Task Listeners_and_anonymous_callers_may_not_upload()
    {
        var listener = await app.ListenerAsync();
        var anonymousToken = (await (await app.CreateClient().PostAsync("/auth/anonymous", null))
            .ReadAsync<Radio.Web.Accounts.AnonymousResponse>())!.Token;

        await (await listener.UploadAsync(LibraryApi.Form(LibraryApi.ThreeSeconds))).ShouldBeProblemAsync(403);
        await (await app.CreateClient(anonymousToken).UploadAsync(LibraryApi.Form(LibraryApi.ThreeSeconds))).ShouldBeProblemAsync(403);
    }

    [Fact]
    public async Task Unknown_album_and_artist_ids_are_400_naming_them_and_leave_nothing()
    {
        var admin = await app.AdminAsync();
        var (_, artistId) = await app.NewArtistAsync();
        var before = await app.StoredAsync();

        var response = await admin.UploadAsync(LibraryApi.Form(
            LibraryApi.ThreeSeconds, image: PngWriter.Png(), albumId: "999999", artistIds: $"{artistId},888888,777777"));

        var problem = await response.ShouldBeProblemAsync(400);
        problem.Errors["album_id"].Should().ContainSingle().Which.Should().Contain("999999");
        problem.Errors["artist_ids"].Should().ContainSingle().Which.Should().Contain("777777, 888888");
        (await app.StoredAsync()).Should().Be(before);
    }

    [Theory]
    [InlineData("album_id", "abc")]
    [InlineData("album_id", "-1")]
    [InlineData("artist_ids", "1,,2")]
    [InlineData("artist_ids", "1,x")]
    [InlineData("artist_ids", "3,3")]
    public async Task Malformed_ids_are_400(string field, string value)
    {
        var (artist, _) = await app.NewArtistAsync();
        var form = field == "album_id"
            ? LibraryApi.Form(LibraryApi.ThreeSeconds, albumId: value)
            : LibraryApi.Form(LibraryApi.ThreeSeconds, artistIds: value);

        var response = await artist.UploadAsync(form);

        (await response.ShouldBeProblemAsync(400)).Errors.Should().ContainKey(field);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("   ")]
    [InlineData("201")]
    public async Task A_missing_blank_or_too_long_title_is_400(string? title)
    {
        var (artist, _) = await app.NewArtistAsync();

        var response = await artist.UploadAsync(LibraryApi.Form(LibraryApi.ThreeSeconds, title == "201" ? new string('t', 201) : title));

        (await response.ShouldBeProblemAsync(400)).Errors.Should().ContainKey("title");
    }

    [Fact]
    public async Task A_title_of_200_characters_is_fine()
    {
        var (artist, _) = await app.NewArtistAsync();

        var song = await artist.UploadSongAsync(new string('t', 200));

        song.Title.Should().HaveLength(200);
    }

    [Fact]
    public async Task A_file_that_is_not_mpeg_audio_is_400_and_leaves_nothing()
    {
        var (artist, _) = await app.NewArtistAsync();
        var before = await app.StoredAsync();
        var notAudio = new byte[100_000];
        Random.Shared.NextBytes(notAudio);
        notAudio[0] = 0x00;

        var response = await artist.UploadAsync(LibraryApi.Form(notAudio, image: PngWriter.Png()));

        (await response.ShouldBeProblemAsync(400)).Errors.Should().ContainKey("file");
        (await app.StoredAsync()).Should().Be(before);
    }

    [Fact]
    public async Task An_image_that_is_not_a_png_is_400_and_leaves_nothing()
    {
        var (artist, _) = await app.NewArtistAsync();
        var before = await app.StoredAsync();
        var corrupt = PngWriter.Png(2, 2);
        corrupt[PngWriter.IhdrCrcOffset] ^= 0xFF;

        var response = await artist.UploadAsync(LibraryApi.Form(LibraryApi.ThreeSeconds, image: corrupt));

        (await response.ShouldBeProblemAsync(400)).Errors.Should().ContainKey("image");
        (await app.StoredAsync()).Should().Be(before);
    }

    [Fact]
    public async Task A_form_without_a_file_is_400()
    {
        var (artist, _) = await app.NewArtistAsync();

        var response = await artist.UploadAsync(LibraryApi.Form(audio: null));

        (await response.ShouldBeProblemAsync(400)).Errors.Should().ContainKey("file");
    }

    [Fact]
    public async Task A_field_given_twice_is_400_and_leaves_nothing()
    {
        var (artist, _) = await app.NewArtistAsync();
        var before = await app.StoredAsync();
        var form = LibraryApi.Form(LibraryApi.ThreeSeconds);
        form.Add(new ByteArrayContent(LibraryApi.ThreeSeconds), "file", "again.mp3");

        var response = await artist.UploadAsync(form);

        await response.ShouldBeProblemAsync(400);
        (await app.StoredAsync()).Should().Be(before);
    }

    [Fact]
    public async Task A_body_that_is_not_multipart_is_415()
    {
        var (artist, _) = await app.NewArtistAsync();

        var response = await artist.PostAsync("/songs/upload", new ByteArrayContent(LibraryApi.ThreeSeconds)
        {
            Headers = { ContentType = new MediaTypeHeaderValue("audio/mpeg") },
        });

        await response.ShouldBeProblemAsync(415);
    }

    [Fact]
    public async Task A_truncated_multipart_body_is_400_and_leaves_nothing()
    {
        var (artist, _) = await app.NewArtistAsync();
        var before = await app.StoredAsync();
        var whole = await LibraryApi.Form(LibraryApi.ThreeSeconds).ReadAsByteArrayAsync();
        var content = new ByteArrayContent(whole[..(whole.Length / 2)]);
        content.Headers.ContentType = MediaTypeHeaderValue.Parse("multipart/form-data; boundary=\"never-seen\"");

        var response = await artist.PostAsync("/songs/upload", content);

        await response.ShouldBeProblemAsync(400);
        (await app.StoredAsync()).Should().Be(before);
    }
}
