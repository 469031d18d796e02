using Mediator;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Radio.Application.Library;
using Radio.Domain.Accounts;
using Radio.Domain.Library;
using Radio.Infrastructure.Persistence;

namespace Radio.IntegrationTests.Infrastructure;

/// <summary>
/// Puts songs straight into the app's database (as an upload would, with a fake audio key) and tells the app
/// through the same notifications an upload or delete publishes.
/// </summary>
public static class LibrarySeed
{
    public static async Task<int> AddArtistAsync(this RadioApp app, string name)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<RadioDbContext>();
        var artist = Artist.Create(name, DateTimeOffset.UnixEpoch);
        db.Artists.Add(artist);
        await db.SaveChangesAsync();
        return artist.Id;
    }

    public static async Task<int> AddAlbumAsync(this RadioApp app, string title, int artistId)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<RadioDbContext>();
        var album = Album.Create(title, artistId, DateTimeOffset.UnixEpoch);
        db.Albums.Add(album);
        await db.SaveChangesAsync();
        return album.Id;
    }

    /// <summary>A song by the given artists with the given tag scores (tags are created when new).</summary>
    public static async Task<int> AddSongAsync(
        this RadioApp app, string title, IReadOnlyList<int> artistIds, int? albumId = null,
        params (string Tag, double Score)[] tags)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<RadioDbContext>();
        var admin = User.Normalize(RadioApp.AdminUsername);
        var uploaderId = await db.Users.Where(u => u.NormalizedUsername == admin).Select(u => u.Id).SingleAsync();
        var song = Song.Create(title, artistIds, albumId, 180, $"fake-{Guid.NewGuid():N}.mp3", 1000, uploaderId, DateTimeOffset.UnixEpoch);
        var tagIds = new List<(int, double)>();
        foreach (var (name, score) in tags)
        {
            var normalized = Tag.Normalize(name);
            var tag = await db.Tags.SingleOrDefaultAsync(t => t.NormalizedName == normalized);
            if (tag is null)
            {
                tag = Tag.Create(name);
                db.Tags.Add(tag);
                await db.SaveChangesAsync();
            }

            tagIds.Add((tag.Id, score));
        }

        song.ReplaceTags(tagIds);
        db.Songs.Add(song);
        await db.SaveChangesAsync();
        await scope.ServiceProvider.GetRequiredService<IPublisher>().Publish(new SongAdded(song.Id));
        return song.Id;
    }

    public static async Task RemoveSongAsync(this RadioApp app, int songId)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<RadioDbContext>();
        await db.Songs.Where(s => s.Id == songId).ExecuteDeleteAsync();
        await scope.ServiceProvider.GetRequiredService<IPublisher>().Publish(new SongRemoved(songId));
    }

    /// <summary>A word no other test uses, to keep searches apart in a shared database.</summary>
    public static string Word() => "w" + Guid.NewGuid().ToString("N")[..8];
}
