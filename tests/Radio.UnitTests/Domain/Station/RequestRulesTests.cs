using Radio.Domain.Station;

namespace Radio.UnitTests.Domain.Station;

public sealed class RequestRulesTests
{
    private static readonly DateTimeOffset Noon = new(2026, 2, 1, 12, 0, 0, TimeSpan.Zero);
    private readonly RequestRules _rules = new(TimeSpan.FromMinutes(60), 2, TimeSpan.FromMinutes(10));

    [Fact]
    public void A_song_free_in_a_queue_with_room_may_be_requested()
    {
        _rules.Conflict(9, Schedule(), onAirRecently: false, Noon.AddSeconds(10)).Should().BeNull();
    }

    [Fact]
    public void A_song_already_waiting_is_refused()
    {
        var upcoming = Schedule(requested: 9);

        _rules.Conflict(9, upcoming, onAirRecently: true, Noon.AddSeconds(10)).Should().Contain("already requested");
    }

    [Fact]
    public void The_song_on_the_air_is_refused_even_with_no_recent_window()
    {
        var rules = _rules with { Recent = TimeSpan.Zero };

        rules.Conflict(1, Schedule(), onAirRecently: false, Noon.AddSeconds(10)).Should().Contain("on the air now");
    }

    [Fact]
    public void A_song_on_the_air_within_the_window_is_refused_naming_the_window()
    {
        _rules.Conflict(9, Schedule(), onAirRecently: true, Noon).Should().Be("The song played or is scheduled within 60 minutes of now.");
    }

    [Fact]
    public void A_full_queue_refuses_any_song_naming_the_limit()
    {
        var upcoming = Schedule(requested: 7);
        upcoming.Add(Requested(upcoming[^1], 8));

        _rules.Conflict(9, upcoming, onAirRecently: false, Noon.AddSeconds(10)).Should().Contain("full").And.Contain("2 requests");
    }

    [Fact]
    public void A_request_that_has_started_no_longer_counts_as_waiting()
    {
        var upcoming = Schedule(requested: 7);
        upcoming.Add(Requested(upcoming[^1], 8));

        _rules.Conflict(9, upcoming, onAirRecently: false, upcoming[2].StartsAt).Should().BeNull("the first of the two is on the air");
    }

    [Fact]
    public void A_listener_waits_out_the_interval_from_their_last_request()
    {
        _rules.WaitBeforeNext(null, Noon).Should().BeNull("a first request");
        _rules.WaitBeforeNext(Noon, Noon.AddMinutes(4)).Should().Be(TimeSpan.FromMinutes(6));
        _rules.WaitBeforeNext(Noon, Noon.AddMinutes(10)).Should().BeNull("the interval has passed");
    }

    /// <summary>Song 1 playing from noon, then song 2, then a requested song if given; 60 s each.</summary>
    private static List<ScheduleEntry> Schedule(int? requested = null)
    {
        var playing = ScheduleEntry.First(1, 60, Noon);
        var entries = new List<ScheduleEntry> { playing, playing.Next(2, 1, 60, Noon) };
        if (requested is { } songId)
        {
            entries.Add(Requested(entries[^1], songId));
        }

        return entries;
    }

    private static ScheduleEntry Requested(ScheduleEntry after, int songId) =>
        ScheduleEntry.ForRequest(after.Sequence + 1, SongRequest.Create(songId, 5, Noon), after.Round, after.EndsAt, 60);
}
