using System.Globalization;
using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Radio.Infrastructure.Persistence;
using Radio.IntegrationTests.Infrastructure;
using Radio.TestData;

namespace Radio.IntegrationTests.Library;

/// <summary>Room for two of <see cref="LibraryApi.ThreeSeconds"/> per artist, and a few bytes more: less than any PNG.</summary>
public class TwoSongQuotaApp : RadioApp
{
    public static readonly long Quota = (2L * LibraryApi.ThreeSeconds.Length) + 16;

    protected override IReadOnlyDictionary<string, string> Settings => new Dictionary<string, string>
    {
        ["Radio:Uploads:QuotaBytesPerArtist"] = Quota.ToString(CultureInfo.InvariantCulture),
    };
}

public abstract class StorageQuotaTests(TwoSongQuotaApp app)
{
    public sealed class OnSqlite(TwoSongQuotaApp app) : StorageQuotaTests(app), IClassFixture<TwoSongQuotaApp>;

    public sealed class OnPostgreSql(PostgresTwoSongQuotaApp app) : StorageQuotaTests(app), IClassFixture<PostgresTwoSongQuotaApp>;

    [Fact]
    public async Task An_upload_past_the_artists_quota_is_403_and_leaves_nothing()
    {
        var (artist, _) = await app.NewArtistAsync();
        await artist.UploadSongAsync("One");
        await artist.UploadSongAsync("Two");
        var before = await app.StoredAsync();

        var response = await artist.UploadAsync(LibraryApi.Form(LibraryApi.ThreeSeconds, "Three"));

        (await response.ShouldBeProblemAsync(403)).Detail.Should().Contain("quota")
            .And.Contain(TwoSongQuotaApp.Quota.ToString(CultureInfo.InvariantCulture));
        (await app.StoredAsync()).Should().Be(before);
    }

    [Fact]
    public async Task Images_count_toward_the_quota()
    {
        var (artist, _) = await app.NewArtistAsync();
        await artist.UploadSongAsync("One");
        var before = await app.StoredAsync();

        var response = await artist.UploadAsync(LibraryApi.Form(LibraryApi.ThreeSeconds, "Two", PngWriter.Png()));

        await response.ShouldBeProblemAsync(403);
        (await app.StoredAsync()).Should().Be(before);
    }

    [Fact]
    public async Task Deleting_a_song_makes_room_again()
    {
        var (artist, _) = await app.NewArtistAsync();
        var first = await artist.UploadSongAsync("One");
        await artist.UploadSongAsync("Two");

        (await artist.DeleteAsync($"/songs/{first.Id}")).StatusCode.Should().Be(HttpStatusCode.NoContent);

        await artist.UploadSongAsync("Three");
    }

    [Fact]
    public async Task The_uploading_artist_pays_not_the_other_artists_the_song_lists()
    {
        var (artist, artistId) = await app.NewArtistAsync();
        var (other, otherId) = await app.NewArtistAsync();
        await artist.UploadSongAsync("Duet 1", artistIds: $"{artistId},{otherId}");
        await artist.UploadSongAsync("Duet 2", artistIds: $"{artistId},{otherId}");

        await other.UploadSongAsync("Solo 1");
        await other.UploadSongAsync("Solo 2");
    }

    [Fact]
    public async Task Admins_have_no_quota_and_their_uploads_use_no_artists()
    {
        var (artist, artistId) = await app.NewArtistAsync();
        var admin = await app.AdminAsync();

        foreach (var title in new[] { "A1", "A2", "A3" })
        {
            await admin.UploadSongAsync(title, artistIds: artistId.ToString(CultureInfo.InvariantCulture));
        }

        await artist.UploadSongAsync("Own 1");
        await artist.UploadSongAsync("Own 2");
    }

    [Fact]
    public async Task Concurrent_uploads_cannot_pass_the_quota_together()
    {
        var (artist, _) = await app.NewArtistAsync();
        var stored = await artist.UploadSongAsync("Stored");

        var responses = await Task.WhenAll(
            artist.UploadAsync(LibraryApi.Form(LibraryApi.ThreeSeconds, "Racing 1")),
            artist.UploadAsync(LibraryApi.Form(LibraryApi.ThreeSeconds, "Racing 2")));

        responses.Select(r => r.StatusCode).Should().BeEquivalentTo([HttpStatusCode.Created, HttpStatusCode.Forbidden]);
        (await StoredBytesOfUploaderAsync(stored.Id)).Should().BeLessThanOrEqualTo(TwoSongQuotaApp.Quota);
    }

    private async Task<long> StoredBytesOfUploaderAsync(int songId)
    {
        using var scope = app.Services.CreateScope();
        var songs = scope.ServiceProvider.GetRequiredService<RadioDbContext>().Songs;
        var uploader = await songs.Where(s => s.Id == songId).Select(s => s.UploaderId).SingleAsync();
        return await songs.Where(s => s.UploaderId == uploader).SumAsync(s => s.AudioBytes + s.ImageBytes);
    }
}

/// <summary>Uploads must leave more free space than any disk has: every upload finds the disk too full.</summary>
public sealed class FullDiskApp : RadioApp
{
    protected override IReadOnlyDictionary<string, string> Settings => new Dictionary<string, string>
    {
        ["Radio:Uploads:MinFreeBytes"] = long.MaxValue.ToString(CultureInfo.InvariantCulture),
    };
}

public sealed class FreeSpaceTests(FullDiskApp app) : IClassFixture<FullDiskApp>
{
    [Fact]
    public async Task An_upload_when_the_disk_has_less_than_the_minimum_free_is_507_and_leaves_nothing()
    {
        var (artist, _) = await app.NewArtistAsync();
        var before = await app.StoredAsync();

        var response = await artist.UploadAsync(LibraryApi.Form(LibraryApi.ThreeSeconds, image: PngWriter.Png()));

        (await response.ShouldBeProblemAsync(507)).Detail.Should().Contain("free");
        (await app.StoredAsync()).Should().Be(before);
    }

    [Fact]
    public async Task Admins_are_held_to_the_free_space_too()
    {
        var (_, artistId) = await app.NewArtistAsync();
        var before = await app.StoredAsync();

        var response = await (await app.AdminAsync()).UploadAsync(
            LibraryApi.Form(LibraryApi.ThreeSeconds, artistIds: artistId.ToString(CultureInfo.InvariantCulture)));

        await response.ShouldBeProblemAsync(507);
        (await app.StoredAsync()).Should().Be(before);
    }
}
