using System.Globalization;
using System.Net;
using Radio.IntegrationTests.Infrastructure;
using Radio.IntegrationTests.Persistence;

namespace Radio.IntegrationTests.Library;

/// <summary>An artist may put a song only into an album of one of the song's artists.</summary>
public abstract class UploadAlbumTests(RadioApp app)
{
    public sealed class OnSqlite(RadioApp app) : UploadAlbumTests(app), IClassFixture<RadioApp>;

    public sealed class OnPostgreSql(PostgresRadioApp app) : UploadAlbumTests(app), IClassFixture<PostgresRadioApp>;

    [Fact]
    public async Task An_artist_uploading_into_an_album_of_no_artist_of_the_song_is_403_and_leaves_nothing()
    {
        var (owner, ownerId) = await app.NewArtistAsync();
        var album = await owner.CreateAlbumAsync("Not Yours", ownerId);
        var (intruder, _) = await app.NewArtistAsync();
        var before = await app.StoredAsync();

        var response = await intruder.UploadAsync(LibraryApi.Form(LibraryApi.ThreeSeconds, albumId: Id(album.Id)));

        (await response.ShouldBeProblemAsync(403)).Detail.Should().Contain("album");
        (await app.StoredAsync()).Should().Be(before);
    }

    [Fact]
    public async Task An_artist_may_upload_into_the_album_of_another_artist_the_song_lists()
    {
        var (owner, ownerId) = await app.NewArtistAsync();
        var album = await owner.CreateAlbumAsync("Together", ownerId);
        var (guest, guestId) = await app.NewArtistAsync();

        var song = await guest.UploadSongAsync(albumId: Id(album.Id), artistIds: $"{guestId},{ownerId}");

        song.AlbumId.Should().Be(album.Id);
    }

    [Fact]
    public async Task An_admin_may_put_a_song_of_any_artist_into_any_album()
    {
        var (owner, ownerId) = await app.NewArtistAsync();
        var album = await owner.CreateAlbumAsync("Compilation", ownerId);
        var (_, otherId) = await app.NewArtistAsync();
        var admin = await app.AdminAsync();

        var response = await admin.UploadAsync(LibraryApi.Form(LibraryApi.ThreeSeconds, albumId: Id(album.Id), artistIds: Id(otherId)));

        response.StatusCode.Should().Be(HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
    }

    private static string Id(int id) => id.ToString(CultureInfo.InvariantCulture);
}
