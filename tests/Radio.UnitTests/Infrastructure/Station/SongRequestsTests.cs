using Mediator;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using NSubstitute;
using Radio.Application.Station;
using Radio.Domain.Accounts;
using Radio.Domain.Library;
using Radio.Domain.Station;
using Radio.Infrastructure.Accounts;
using Radio.Infrastructure.Library;
using Radio.Infrastructure.Persistence;
using Radio.Infrastructure.Station;

namespace Radio.UnitTests.Infrastructure.Station;

/// <summary>Requests in the stored schedule on a real SQLite file, with the clock and the shuffle under the test's control.</summary>
public sealed class SongRequestsTests : IDisposable
{
    private static readonly DateTimeOffset Noon = new(2026, 2, 1, 12, 0, 0, TimeSpan.Zero);
    private readonly string _file = Path.Combine(Path.GetTempPath(), $"radio-requests-{Guid.NewGuid():N}.db");
    private readonly FakeTimeProvider _clock = new(Noon);
    private readonly StationOptions _settings = new() { SongsAhead = 3, ScheduleAheadSeconds = 300 };
    private readonly List<int> _users = [];
    private readonly List<int> _songs = [];

    public SongRequestsTests()
    {
        using var db = NewContext();
        db.Database.Migrate();
        var admin = User.CreateAdmin("admin", Noon);
        var artist = Artist.Create("Artist", Noon);
        db.AddRange(admin, artist, User.CreateListener("first", Noon), User.CreateListener("second", Noon));
        db.SaveChanges();
        _users.AddRange(db.Users.Where(u => u.Role == Role.User).OrderBy(u => u.Id).Select(u => u.Id));
        for (var i = 1; i <= 10; i++)
        {
            var song = Song.Create($"Song {i}", [artist.Id], null, 60, $"song{i}.mp3", 1000, admin.Id, Noon);
            song.MarkStationReady(null, 60);
            db.Songs.Add(song);
            db.SaveChanges();
            _songs.Add(song.Id);
        }
    }

    [Fact]
    public async Task Two_instances_placing_requests_at_once_both_queue_them_one_after_the_other()
    {
        await using (var db = NewContext())
        {
            await Keeper(db).Handle(new KeepScheduleAhead(), default);
        }

        var free = await FreeSongsAsync();
        await using var first = NewContext();
        await using var second = NewContext();

        await Task.WhenAll(
            Requester(first).Handle(new RequestSong(free[0], _users[0]), default).AsTask(),
            Requester(second).Handle(new RequestSong(free[1], _users[1]), default).AsTask());
        await using (var db = NewContext())
        {
            await Keeper(db).Handle(new KeepScheduleAhead(), default);
        }

        await using var check = NewContext();
        var entries = await check.Set<ScheduleEntry>().AsNoTracking().OrderBy(e => e.Sequence).ToListAsync();
        entries[0].IsPlayingAt(Noon).Should().BeTrue();
        entries.Skip(1).Take(2).Select(e => e.SongId).Should().BeEquivalentTo([free[0], free[1]]);
        entries.Skip(1).Take(2).Should().OnlyContain(e => e.RequestId != null);
        entries.Zip(entries.Skip(1)).Should().OnlyContain(p => p.Second.StartsAt == p.First.EndsAt, "no gaps, no overlaps");
        entries.Select(e => e.SongId).Take(10).Should().OnlyHaveUniqueItems("the round still plays each song once");
    }

    [Fact]
    public async Task A_replan_after_a_song_was_added_keeps_the_requests_next()
    {
        await using var db = NewContext();
        await Keeper(db).Handle(new KeepScheduleAhead(), default);
        var song = (await FreeSongsAsync())[0];
        await Requester(db).Handle(new RequestSong(song, _users[0]), default);
        await Keeper(db).Handle(new KeepScheduleAhead(), default);

        await Keeper(db).Handle(new KeepScheduleAhead(Replan: true), default);

        var next = (await NowPlaying(db).Handle(new GetNowPlaying(), default)).Next;
        next[0].Id.Should().Be(song);
        next.Skip(1).Select(s => s.Id).Should().NotContain(song);
    }

    [Fact]
    public async Task A_deleted_song_takes_its_request_with_it_and_its_entry_leaves_the_schedule()
    {
        await using var db = NewContext();
        await Keeper(db).Handle(new KeepScheduleAhead(), default);
        var song = (await FreeSongsAsync())[0];
        var request = await Requester(db).Handle(new RequestSong(song, _users[0]), default);

        await db.Songs.Where(s => s.Id == song).ExecuteDeleteAsync();
        await Keeper(db).Handle(new KeepScheduleAhead(), default);

        await using var check = NewContext();
        (await check.Set<SongRequest>().AnyAsync(r => r.Id == request.Id)).Should().BeFalse();
        (await check.Set<ScheduleEntry>().AnyAsync(e => e.SongId == song)).Should().BeFalse();
        (await new SongRequests(check).PendingAsync(Noon, 0, 50, default)).Should().BeEmpty();
    }

    [Fact]
    public async Task A_song_is_on_the_air_in_a_window_that_overlaps_its_entry_only()
    {
        await using var db = NewContext();
        db.Add(ScheduleEntry.First(_songs[0], 60, Noon)); // on the air 12:00:00–12:01:00
        await db.SaveChangesAsync();
        var schedule = new StationSchedule(db);

        (await schedule.OnAirBetweenAsync(_songs[0], Noon.AddSeconds(60), Noon.AddHours(1), default)).Should().BeFalse("it ended as the window began");
        (await schedule.OnAirBetweenAsync(_songs[0], Noon.AddSeconds(59), Noon.AddHours(1), default)).Should().BeTrue();
        (await schedule.OnAirBetweenAsync(_songs[0], Noon.AddHours(-1), Noon, default)).Should().BeFalse("it starts as the window ends");
        (await schedule.OnAirBetweenAsync(_songs[0], Noon.AddHours(-1), Noon.AddSeconds(1), default)).Should().BeTrue();
        (await schedule.OnAirBetweenAsync(_songs[1], Noon.AddHours(-1), Noon.AddHours(1), default)).Should().BeFalse();
    }

    private async Task<List<int>> FreeSongsAsync()
    {
        await using var db = NewContext();
        var scheduled = await db.Set<ScheduleEntry>().Select(e => e.SongId).ToListAsync();
        return [.. _songs.Except(scheduled)];
    }

    private SqliteRadioDbContext NewContext() => new(new DbContextOptionsBuilder<SqliteRadioDbContext>()
        .UseSqlite($"Data Source={_file}")
        .UseSnakeCaseNamingConvention()
        .Options);

    private KeepScheduleAheadHandler Keeper(RadioDbContext db) =>
        new(new StationSchedule(db), _settings, new Random(1), _clock, NullLogger<KeepScheduleAheadHandler>.Instance);

    /// <summary>The handler; its top-up of the schedule (a sent command) is left to the test's own keeper runs.</summary>
    private RequestSongHandler Requester(RadioDbContext db) => new(
        new StationSchedule(db), new SongRequests(db), new SongCatalog(db), new UserAccounts(db), Substitute.For<ISender>(),
        new RequestOptions(), _clock, NullLogger<RequestSongHandler>.Instance);

    private GetNowPlayingHandler NowPlaying(RadioDbContext db) =>
        new(new StationSchedule(db), new SongCatalog(db), new SongRequests(db), Substitute.For<Radio.Domain.Listening.IListeningSessions>(), _clock);

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        File.Delete(_file);
    }
}
