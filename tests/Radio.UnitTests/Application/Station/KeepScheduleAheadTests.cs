using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using NSubstitute;
using Radio.Application.Station;
using Radio.Domain.Station;

namespace Radio.UnitTests.Application.Station;

/// <summary>How much of the library the keeper reads; what it schedules is tested on SQLite in StationScheduleTests.</summary>
public sealed class KeepScheduleAheadTests
{
    private static readonly DateTimeOffset Noon = new(2026, 2, 1, 12, 0, 0, TimeSpan.Zero);
    private readonly FakeTimeProvider _clock = new(Noon);
    private readonly IStationSchedule _schedule = Substitute.For<IStationSchedule>();
    private readonly StationOptions _settings = new() { SongsAhead = 2, ScheduleAheadSeconds = 300 };

    public KeepScheduleAheadTests() => _schedule.SaveAsync(default!, default).ReturnsForAnyArgs(true);

    [Fact]
    public async Task With_the_schedule_far_enough_ahead_the_whole_library_is_not_read()
    {
        var entries = Programme(4); // 4 songs of 2 minutes from noon: 3 ahead, until 12:08
        _schedule.UpcomingAsync(default, default).ReturnsForAnyArgs(entries);
        _schedule.LastAsync(default).ReturnsForAnyArgs(entries[^1]);
        IReadOnlyCollection<int>? asked = null;
        _schedule.StillInLibraryAsync(Arg.Do<IReadOnlyCollection<int>>(ids => asked = ids), Arg.Any<CancellationToken>())
            .Returns(new HashSet<int> { 1, 2, 3, 4 });

        var result = await Keeper().Handle(new KeepScheduleAhead(), default);

        result.Should().Be(new ProgrammeResult(0, 0));
        await _schedule.DidNotReceiveWithAnyArgs().LibraryAsync(default);
        await _schedule.ReceivedWithAnyArgs(1).UpcomingAsync(default, default); // the repair's read also counts what is ahead
        asked.Should().BeEquivalentTo([1, 2, 3, 4], "only the scheduled songs are looked up");
    }

    [Fact]
    public async Task When_a_song_must_be_drawn_the_library_is_read_and_the_entry_appended()
    {
        var entries = Programme(2); // one song ahead, until 12:04: short of both targets
        _schedule.UpcomingAsync(default, default).ReturnsForAnyArgs(entries);
        _schedule.LastAsync(default).ReturnsForAnyArgs(entries[^1]);
        _schedule.StillInLibraryAsync(default!, default).ReturnsForAnyArgs(new HashSet<int> { 1, 2 });
        _schedule.LibraryAsync(default).ReturnsForAnyArgs(new Dictionary<int, double> { [1] = 120, [2] = 120, [3] = 120 });
        _schedule.SongsInRoundAsync(1, default).ReturnsForAnyArgs(new HashSet<int> { 1, 2 });
        _schedule.TryAppendAsync(default!, default).ReturnsForAnyArgs(true);

        var result = await Keeper().Handle(new KeepScheduleAhead(), default);

        result.Appended.Should().BeGreaterThan(0);
        await _schedule.Received(1).LibraryAsync(Arg.Any<CancellationToken>());
        await _schedule.Received().TryAppendAsync(Arg.Is<ScheduleEntry>(e => e.Sequence == 3 && e.SongId == 3), Arg.Any<CancellationToken>());
    }

    private static List<ScheduleEntry> Programme(int songs)
    {
        var entries = new List<ScheduleEntry> { ScheduleEntry.First(1, 120, Noon) };
        for (var songId = 2; songId <= songs; songId++)
        {
            entries.Add(entries[^1].Next(songId, 1, 120, Noon));
        }

        return entries;
    }

    private KeepScheduleAheadHandler Keeper() =>
        new(_schedule, _settings, new Random(1), _clock, NullLogger<KeepScheduleAheadHandler>.Instance);
}
