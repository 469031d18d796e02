using System.Net.Http.Json;
using System.Text.Json;
using Mediator;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Radio.Application.Library;
using Radio.Application.Station;
using Radio.Domain.Library;
using Radio.Infrastructure.Persistence;
using Radio.IntegrationTests.Infrastructure;
using Radio.IntegrationTests.Listening;

namespace Radio.IntegrationTests.Station.Requests;

/// <summary>
/// A server on a test clock whose library holds <c>songs</c> station-ready songs of <see cref="SongSeconds"/> each
/// (rows only: the producer finds no audio, the stored schedule is what these tests read), the programme drawn from
/// them at <see cref="ListeningApp.Start"/>.
/// </summary>
public class RequestsApp : ListeningApp, IAsyncLifetime
{
    public const double SongSeconds = 600;

    private readonly int _songs;
    private readonly IReadOnlyDictionary<string, string> _settings;

    public RequestsApp() : this(30, new Dictionary<string, string> { ["Radio:Requests:MaxPending"] = "100" })
    {
    }

    protected RequestsApp(int songs, IReadOnlyDictionary<string, string> settings) => (_songs, _settings) = (songs, settings);

    public List<int> Library { get; } = [];

    protected override IReadOnlyDictionary<string, string> Settings => new Dictionary<string, string>(
        base.Settings.Concat(_settings))
    {
        // the producer has no audio to send here: a slow tick keeps moving the test clock by whole songs cheap
        ["Radio:Station:ChunkMilliseconds"] = "60000",
        ["Radio:Station:ScheduleIntervalSeconds"] = "60",
    };

    public async Task InitializeAsync()
    {
        for (var i = 0; i < _songs; i++)
        {
            Library.Add(await AddOnAirSongAsync($"Song {i + 1}"));
        }
    }

    Task IAsyncLifetime.DisposeAsync() => Task.CompletedTask;

    /// <summary>A song ready for the station, announced as the rendition worker announces one.</summary>
    public async Task<int> AddOnAirSongAsync(string title)
    {
        await using var scope = Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<RadioDbContext>();
        var admin = await db.Users.SingleAsync(u => u.Username == AdminUsername);
        var artist = Artist.Create(Api.UniqueName("Artist"), Start);
        db.Artists.Add(artist);
        await db.SaveChangesAsync();
        var song = Song.Create(title, [artist.Id], null, SongSeconds, $"fake-{Guid.NewGuid():N}.mp3", 1000, admin.Id, Start);
        song.MarkStationReady(null, SongSeconds);
        db.Songs.Add(song);
        await db.SaveChangesAsync();
        var publisher = scope.ServiceProvider.GetRequiredService<IPublisher>();
        await publisher.Publish(new SongAdded(song.Id));
        await publisher.Publish(new SongReadyForStation(song.Id));
        return song.Id;
    }

    /// <summary>Moves the clock on and tops up the schedule, as the keeper's next tick does.</summary>
    public async Task AdvanceAsync(TimeSpan by)
    {
        Clock.Advance(by);
        await using var scope = Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<ISender>().Send(new KeepScheduleAhead());
    }

    /// <summary>A new account's client and username.</summary>
    public async Task<(HttpClient Client, string Username)> NewListenerAsync()
    {
        var auth = await CreateClient().RegisterAsync();
        return (CreateClient(auth.Token), auth.User.Username);
    }

    /// <summary>Songs neither played, nor on the air, nor scheduled, nor requested: free to request.</summary>
    public async Task<List<int>> FreeSongsAsync()
    {
        var client = CreateClient();
        var now = await client.NowPlayingAsync();
        var pending = await client.PendingAsync();
        var played = (await client.GetFromJsonAsync<List<SongRef>>("/radio/history?limit=200", Api.Json))!;
        var taken = now.Next.Concat(played).Select(s => s.Id).Append(now.Song!.Id).Concat(pending.Select(p => p.Song.Id)).ToHashSet();
        return [.. Library.Where(id => !taken.Contains(id))];
    }
}

/// <summary>A fresh server for one test: the schedule and the queue are the test's alone.</summary>
public sealed class OwnRequestsApp(int songs = 8, IReadOnlyDictionary<string, string>? settings = null)
    : RequestsApp(songs, settings ?? new Dictionary<string, string>());

public sealed record SongRef(int Id, string Title);

public sealed record NowPlaying(SongRef? Song, DateTimeOffset? StartedAt, IReadOnlyList<SongRef> Next, string? RequestedBy);

public sealed record RequestView(int Id, SongRef Song, string RequestedBy, DateTimeOffset RequestedAt);

public static class RequestsApi
{
    public static Task<HttpResponseMessage> RequestAsync(this HttpClient client, int songId) =>
        client.PostAsJsonAsync("/radio/requests", new { song_id = songId }, Api.Json);

    /// <summary>Requests a song and asserts it was accepted.</summary>
    public static async Task<RequestView> RequestOkAsync(this HttpClient client, int songId)
    {
        var response = await client.RequestAsync(songId);
        ((int)response.StatusCode).Should().Be(201, await response.Content.ReadAsStringAsync());
        return (await response.ReadAsync<RequestView>())!;
    }

    public static async Task<NowPlaying> NowPlayingAsync(this HttpClient client) =>
        (await client.GetFromJsonAsync<NowPlaying>("/radio/now-playing", Api.Json))!;

    public static async Task<List<RequestView>> PendingAsync(this HttpClient client) =>
        (await client.GetFromJsonAsync<List<RequestView>>("/radio/requests", Api.Json))!;

    /// <summary>The raw JSON of a response, for checks on field names and kinds.</summary>
    public static async Task<JsonDocument> JsonAsync(this HttpResponseMessage response) =>
        JsonDocument.Parse(await response.Content.ReadAsStringAsync());
}
