using System.Net.Http.Json;
using Mediator;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Radio.Application.Library;
using Radio.Application.Station;
using Radio.Domain.Library;
using Radio.Domain.Station;
using Radio.Infrastructure.Persistence;
using Radio.IntegrationTests.Infrastructure;
using Radio.IntegrationTests.Listening;

namespace Radio.IntegrationTests.Listens;

/// <summary>
/// A server on a test clock whose library is one station-ready song of <see cref="SongSeconds"/> (a row only: the
/// stored schedule is what listens are decided from), so the programme is that song, play after play, from
/// <see cref="ListeningApp.Start"/> on.
/// </summary>
public class ListensApp(double songSeconds, bool withAlbum) : ListeningApp, IAsyncLifetime
{
    public double SongSeconds => songSeconds;

    public int SongId { get; private set; }

    public string Title { get; } = Api.UniqueName("Song");

    public string AlbumTitle { get; } = Api.UniqueName("Album");

    public IReadOnlyList<string> Artists { get; } = [Api.UniqueName("First"), Api.UniqueName("Second")];

    protected override IReadOnlyDictionary<string, string> Settings => new Dictionary<string, string>(base.Settings)
    {
        ["Radio:Station:ChunkMilliseconds"] = "60000",
        ["Radio:Station:ScheduleIntervalSeconds"] = "60",
    };

    public async Task InitializeAsync()
    {
        await using var scope = Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<RadioDbContext>();
        var admin = await db.Users.SingleAsync(u => u.Username == AdminUsername);
        var artists = Artists.Select(name => Artist.Create(name, Start)).ToList();
        db.Artists.AddRange(artists);
        await db.SaveChangesAsync();
        int? albumId = null;
        if (withAlbum)
        {
            var album = Album.Create(AlbumTitle, artists[0].Id, Start);
            db.Albums.Add(album);
            await db.SaveChangesAsync();
            albumId = album.Id;
        }

        var song = Song.Create(Title, [.. artists.Select(a => a.Id)], albumId, songSeconds, $"fake-{Guid.NewGuid():N}.mp3", 1000, admin.Id, Start);
        song.MarkStationReady(null, songSeconds);
        db.Songs.Add(song);
        await db.SaveChangesAsync();
        SongId = song.Id;
        var publisher = scope.ServiceProvider.GetRequiredService<IPublisher>();
        await publisher.Publish(new SongAdded(song.Id));
        await publisher.Publish(new SongReadyForStation(song.Id));
        await scope.ServiceProvider.GetRequiredService<ISender>().Send(new KeepScheduleAhead());
    }

    Task IAsyncLifetime.DisposeAsync() => Task.CompletedTask;

    /// <summary>Moves the clock to the start of the next play and returns that moment.</summary>
    public async Task<DateTimeOffset> NextPlayAsync()
    {
        var now = Clock.GetUtcNow();
        DateTimeOffset next;
        await using (var scope = Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<RadioDbContext>();
            next = (await db.Set<ScheduleEntry>().AsNoTracking().Where(e => e.EndsAt > now).ToListAsync())
                .OrderBy(e => e.StartsAt).First().EndsAt;
        }

        Clock.Advance(next - now);
        await using var keeper = Services.CreateAsyncScope();
        await keeper.ServiceProvider.GetRequiredService<ISender>().Send(new KeepScheduleAhead());
        return next;
    }

    /// <summary>A new account's listener.</summary>
    public async Task<Listener> NewListenerAsync()
    {
        var auth = await CreateClient().RegisterAsync();
        return new Listener(this, CreateClient(auth.Token), auth.User.Id);
    }

    /// <summary>The listens stored for an account, straight from the database.</summary>
    public async Task<List<Radio.Domain.Listens.Listen>> StoredListensAsync(int? userId = null)
    {
        await using var scope = Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<RadioDbContext>();
        return await db.Set<Radio.Domain.Listens.Listen>().AsNoTracking()
            .Where(l => userId == null || l.UserId == userId).ToListAsync();
    }
}

public sealed class HundredSecondSongApp() : ListensApp(100, withAlbum: true);

public sealed class TenMinuteSongApp() : ListensApp(600, withAlbum: false);

/// <summary>An account's player: heartbeats on one connection at a time, the clock moved between them.</summary>
public sealed class Listener(ListeningApp app, HttpClient client, int userId)
{
    private DateTimeOffset _connect;
    private double _played;

    public HttpClient Client => client;

    public int UserId => userId;

    /// <summary>Opens a new connection now and sends its first heartbeat (nothing played yet).</summary>
    public Task ConnectAsync()
    {
        _connect = app.Clock.GetUtcNow();
        _played = 0;
        return client.HeartbeatAsync(_connect, 0);
    }

    /// <summary>Plays <paramref name="seconds"/> more on the connection, then reports it.</summary>
    public Task PlayAsync(double seconds)
    {
        app.Clock.Advance(TimeSpan.FromSeconds(seconds));
        _played += seconds;
        return client.HeartbeatAsync(_connect, _played);
    }

    public async Task<List<ListenView>> ListensAsync(string query = "") =>
        (await client.GetFromJsonAsync<List<ListenView>>($"/users/me/listens{query}", Api.Json))!;
}

public sealed record ListenSong(int Id, string Title);

public sealed record ListenView(ListenSong Song, DateTimeOffset ListenedAt, double CreditedSeconds);
