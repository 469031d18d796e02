using Radio.Application.Common;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Radio.Application.Station;
using Radio.Domain.Accounts;
using Radio.Domain.Library;
using Radio.Domain.Listening;
using Radio.Domain.Station;
using NSubstitute;
using Radio.Infrastructure.Library;
using Radio.Infrastructure.Persistence;
using Radio.Infrastructure.Station;

namespace Radio.UnitTests.Infrastructure.Station;

/// <summary>The stored schedule on a real SQLite file, with the clock and the shuffle under the test's control.</summary>
public sealed class StationScheduleTests : IDisposable
{
    private static readonly DateTimeOffset Noon = new(2026, 2, 1, 12, 0, 0, TimeSpan.Zero);
    private readonly string _file = Path.Combine(Path.GetTempPath(), $"radio-schedule-{Guid.NewGuid():N}.db");
    private readonly FakeTimeProvider _clock = new(Noon);
    private readonly StationOptions _settings = new() { SongsAhead = 3, ScheduleAheadSeconds = 300 };

    public StationScheduleTests()
    {
        using var db = NewContext();
        db.Database.Migrate();
        var user = User.CreateAdmin("admin", Noon);
        var artist = Artist.Create("Artist", Noon);
        db.AddRange(user, artist);
        db.SaveChanges();
        for (var i = 1; i <= 5; i++)
        {
            var song = Song.Create($"Song {i}", [artist.Id], null, 60 + i, $"song{i}.mp3", 1000, user.Id, Noon);
            song.MarkStationReady(null, song.DurationSeconds); // only station-ready songs enter the programme
            db.Songs.Add(song);
        }

        db.SaveChanges();
    }

    [Fact]
    public async Task The_keeper_schedules_songs_and_time_ahead()
    {
        await using var db = NewContext();

        await Keeper(db, new Random(1)).Handle(new KeepScheduleAhead(), default);

        var entries = await db.Set<ScheduleEntry>().OrderBy(e => e.Sequence).ToListAsync();
        entries.Count.Should().BeGreaterThanOrEqualTo(5, "5 minutes of 1-minute songs");
        entries[0].StartsAt.Should().Be(Noon);
        entries.Zip(entries.Skip(1)).Should().OnlyContain(p => p.Second.StartsAt == p.First.EndsAt, "no gaps, no overlaps");
        entries.Take(5).Select(e => e.SongId).Should().OnlyHaveUniqueItems("the first round plays every song once");
    }

    [Fact]
    public async Task After_a_restart_the_station_continues_the_same_song_at_the_same_position()
    {
        NowPlayingResult before;
        await using (var db = NewContext())
        {
            await Keeper(db, new Random(1)).Handle(new KeepScheduleAhead(), default);
            _clock.Advance(TimeSpan.FromSeconds(100));
            before = await NowPlaying(db).Handle(new GetNowPlaying(), default);
        }

        // a new process: new context, a different shuffle seed, and the clock moved on by 5 s
        _clock.Advance(TimeSpan.FromSeconds(5));
        await using var restarted = NewContext();
        await Keeper(restarted, new Random(99)).Handle(new KeepScheduleAhead(), default);
        var after = await NowPlaying(restarted).Handle(new GetNowPlaying(), default);

        after.Song!.Id.Should().Be(before.Song!.Id);
        after.StartedAt.Should().Be(before.StartedAt);
        after.PositionSeconds.Should().BeApproximately(before.PositionSeconds + 5, 1e-6);
        after.Next.Select(s => s.Id).Should().Equal(before.Next.Select(s => s.Id), "what was already scheduled stays");
    }

    [Fact]
    public async Task A_second_instance_appending_the_same_sequence_number_loses_and_adds_nothing()
    {
        await using var first = NewContext();
        await using var second = NewContext();
        var last = ScheduleEntry.First(1, 61, Noon);
        (await new StationSchedule(first).TryAppendAsync(last, default)).Should().BeTrue();

        var racing = await new StationSchedule(second).TryAppendAsync(ScheduleEntry.First(2, 62, Noon), default);

        racing.Should().BeFalse();
        (await first.Set<ScheduleEntry>().AsNoTracking().SingleAsync()).SongId.Should().Be(1);
    }

    [Fact]
    public async Task Two_instances_keeping_the_schedule_at_once_agree_on_one_programme()
    {
        await using var first = NewContext();
        await using var second = NewContext();

        await Task.WhenAll(
            Keeper(first, new Random(1)).Handle(new KeepScheduleAhead(), default).AsTask(),
            Keeper(second, new Random(2)).Handle(new KeepScheduleAhead(), default).AsTask());

        await using var db = NewContext();
        var entries = await db.Set<ScheduleEntry>().OrderBy(e => e.Sequence).ToListAsync();
        entries.Select(e => e.Sequence).Should().Equal(Enumerable.Range(1, entries.Count).Select(i => (long)i));
        entries.Zip(entries.Skip(1)).Should().OnlyContain(p => p.Second.StartsAt == p.First.EndsAt);
        entries.Take(5).Select(e => e.SongId).Should().OnlyHaveUniqueItems();
    }

    [Fact]
    public async Task A_keeper_that_another_instance_tops_up_between_its_reads_appends_nothing_after_it()
    {
        await using var late = NewContext();
        await using var first = NewContext();
        // the other instance fills the schedule right after this one has read what is stored
        var schedule = new AfterFirstRead(new StationSchedule(late), () => Keeper(first, new Random(2)).Handle(new KeepScheduleAhead(), default).AsTask());

        await new KeepScheduleAheadHandler(schedule, _settings, new Random(1), _clock, NullLogger<KeepScheduleAheadHandler>.Instance)
            .Handle(new KeepScheduleAhead(), default);

        await using var db = NewContext();
        var entries = await db.Set<ScheduleEntry>().AsNoTracking().OrderBy(e => e.Sequence).ToListAsync();
        var withoutLast = entries[..^1];
        (withoutLast.Count(e => e.StartsAt > Noon) >= _settings.SongsAhead && withoutLast[^1].EndsAt >= Noon + _settings.ScheduleAhead)
            .Should().BeFalse("the programme is only as long as one keeper makes it, not topped up twice");
        entries.Zip(entries.Skip(1)).Should().OnlyContain(p => p.Second.StartsAt == p.First.EndsAt);
    }

    [Fact]
    public async Task A_deleted_song_is_skipped_and_history_keeps_what_played()
    {
        await using var db = NewContext();
        await Keeper(db, new Random(1)).Handle(new KeepScheduleAhead(), default);
        _clock.Advance(TimeSpan.FromSeconds(70)); // into the second song
        var playing = (await NowPlaying(db).Handle(new GetNowPlaying(), default)).Song!.Id;

        await db.Songs.Where(s => s.Id == playing).ExecuteDeleteAsync();
        var result = await Keeper(db, new Random(1)).Handle(new KeepScheduleAhead(), default);
        var now = await NowPlaying(db).Handle(new GetNowPlaying(), default);

        result.Dropped.Should().Be(0, "the playing entry is cut short, not dropped");
        now.Song!.Id.Should().NotBe(playing);
        now.StartedAt.Should().Be(Noon.AddSeconds(70), "the next song starts at once");
        now.PositionSeconds.Should().Be(0);
        var history = await new GetHistoryHandler(new StationSchedule(db), new SongCatalog(db), _clock).Handle(new GetHistory(new Page(10, 0)), default);
        history.Select(h => h.Song.Id).Should().NotContain(playing).And.HaveCount(2);
        history[0].StartedAt.Should().Be(Noon.AddSeconds(70));
    }

    [Fact]
    public async Task An_entry_another_instance_appended_after_this_one_read_it_is_a_lost_race_not_an_exception()
    {
        await using var here = NewContext();
        await using var there = NewContext();
        await Keeper(there, new Random(1)).Handle(new KeepScheduleAhead(), default);
        var schedule = new StationSchedule(here);
        var last = (await schedule.LastAsync(default))!;
        var previous = await here.Set<ScheduleEntry>().AsNoTracking().SingleAsync(e => e.Sequence == last.Sequence - 1);

        // this instance planned from the entry before the last, and has since read (tracked) the last one
        await schedule.UpcomingAsync(Noon, default);
        var appended = await schedule.TryAppendAsync(previous.Next(1, previous.Round, 61, Noon), default);

        appended.Should().BeFalse();
    }

    /// <summary>A schedule on which <paramref name="meanwhile"/> runs once, right after the first read of what is stored.</summary>
    private sealed class AfterFirstRead(IStationSchedule inner, Func<Task> meanwhile) : IStationSchedule
    {
        private Func<Task>? _meanwhile = meanwhile;

        public async Task<ScheduleEntry?> LastAsync(CancellationToken cancellationToken) =>
            await MeanwhileAfter(inner.LastAsync(cancellationToken));

        public async Task<IReadOnlyList<ScheduleEntry>> UpcomingAsync(DateTimeOffset now, CancellationToken cancellationToken) =>
            await MeanwhileAfter(inner.UpcomingAsync(now, cancellationToken));

        public Task<IReadOnlyDictionary<int, double>> LibraryAsync(CancellationToken cancellationToken) => inner.LibraryAsync(cancellationToken);

        public Task<IReadOnlySet<int>> StillInLibraryAsync(IReadOnlyCollection<int> songIds, CancellationToken cancellationToken) =>
            inner.StillInLibraryAsync(songIds, cancellationToken);

        public Task<bool> IsLibraryEmptyAsync(CancellationToken cancellationToken) => inner.IsLibraryEmptyAsync(cancellationToken);

        public Task<IReadOnlySet<int>> SongsInRoundAsync(int round, CancellationToken cancellationToken) =>
            inner.SongsInRoundAsync(round, cancellationToken);

        public Task<bool> TryAppendAsync(ScheduleEntry entry, CancellationToken cancellationToken) => inner.TryAppendAsync(entry, cancellationToken);

        public Task<bool> SaveAsync(IReadOnlyList<ScheduleEntry> dropped, CancellationToken cancellationToken) =>
            inner.SaveAsync(dropped, cancellationToken);

        public Task<IReadOnlyList<ScheduleEntry>> HistoryAsync(DateTimeOffset now, int offset, int limit, CancellationToken cancellationToken) =>
            inner.HistoryAsync(now, offset, limit, cancellationToken);

        public Task<bool> OnAirBetweenAsync(int songId, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken) =>
            inner.OnAirBetweenAsync(songId, from, to, cancellationToken);

        public Task<string?> AudioKeyAsync(int songId, CancellationToken cancellationToken) => inner.AudioKeyAsync(songId, cancellationToken);

        private async Task<T> MeanwhileAfter<T>(Task<T> read)
        {
            var result = await read;
            if (Interlocked.Exchange(ref _meanwhile, null) is { } run)
            {
                await run();
            }

            return result;
        }
    }

    private SqliteRadioDbContext NewContext() => new SqliteRadioDbContext(new DbContextOptionsBuilder<SqliteRadioDbContext>()
        .UseSqlite($"Data Source={_file}")
        .UseSnakeCaseNamingConvention()
        .Options);

    private KeepScheduleAheadHandler Keeper(RadioDbContext db, Random random) =>
        new(new StationSchedule(db), _settings, random, _clock, NullLogger<KeepScheduleAheadHandler>.Instance);

    private GetNowPlayingHandler NowPlaying(RadioDbContext db) =>
        new(new StationSchedule(db), new SongCatalog(db), new SongRequests(db), Substitute.For<IListeningSessions>(), _clock);

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        File.Delete(_file);
    }
}
