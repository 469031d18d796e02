using Radio.Domain.Station;

namespace Radio.UnitTests.Domain.Station;

public sealed class ProgrammeTests
{
    private static readonly DateTimeOffset Noon = new(2026, 2, 1, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Every_song_plays_once_before_any_song_repeats()
    {
        var library = Enumerable.Range(1, 10).ToList();
        var played = Play(library, 30, new Random(7));

        for (var round = 0; round < 3; round++)
        {
            played.Skip(round * 10).Take(10).Should().BeEquivalentTo(library, "round {0} is a permutation of the library", round + 1);
        }
    }

    [Fact]
    public void The_song_just_played_never_starts_the_next_round()
    {
        for (var seed = 0; seed < 200; seed++)
        {
            var played = Play([1, 2, 3], 30, new Random(seed));

            played.Zip(played.Skip(1)).Should().NotContain(pair => pair.First == pair.Second, "seed {0}", seed);
        }
    }

    [Fact]
    public void The_shuffle_is_the_injected_randomness()
    {
        Play([1, 2, 3, 4, 5], 10, new Random(3)).Should().Equal(Play([1, 2, 3, 4, 5], 10, new Random(3)));
        Play([1, 2, 3, 4, 5], 10, new Random(3)).Should().NotEqual(Play([1, 2, 3, 4, 5], 10, new Random(4)));
    }

    [Fact]
    public void A_song_added_mid_round_plays_in_the_same_round()
    {
        var random = new Random(1);
        var last = ScheduleEntry.First(1, 60, Noon);
        var playedThisRound = new HashSet<int> { 1, 2 };

        var (songId, round) = Programme.NextSong([1, 2, 3, 4], last, playedThisRound, random);
        playedThisRound.Add(songId);
        var (secondId, secondRound) = Programme.NextSong([1, 2, 3, 4], last.Next(songId, round, 60, Noon), playedThisRound, random);

        new[] { songId, secondId }.Should().BeEquivalentTo([3, 4]);
        (round, secondRound).Should().Be((1, 1));
    }

    [Fact]
    public void A_one_song_library_repeats_its_song()
    {
        var last = ScheduleEntry.First(5, 60, Noon);

        Programme.NextSong([5], last, new HashSet<int> { 5 }, new Random(1)).Should().Be((5, 2));
    }

    [Fact]
    public void An_entry_follows_the_previous_one_or_starts_now_after_a_silence()
    {
        var first = ScheduleEntry.First(1, 60, Noon);

        first.Next(2, 1, 30, Noon.AddSeconds(10)).StartsAt.Should().Be(Noon.AddSeconds(60));
        first.Next(2, 1, 30, Noon.AddHours(1)).StartsAt.Should().Be(Noon.AddHours(1), "the station was off the air");
        first.Next(2, 1, 30, Noon).Sequence.Should().Be(2);
    }

    [Fact]
    public void A_deleted_song_playing_now_is_cut_short_and_the_rest_moves_up()
    {
        var (a, b, c) = Three(Noon);
        var now = Noon.AddSeconds(10);

        var dropped = Programme.Reconcile([a, b, c], new HashSet<int> { 2, 3 }, now);

        dropped.Should().BeEmpty();
        a.EndsAt.Should().Be(now);
        (b.StartsAt, b.EndsAt).Should().Be((now, now.AddSeconds(60)));
        c.StartsAt.Should().Be(b.EndsAt);
    }

    [Fact]
    public void A_deleted_song_not_yet_started_is_dropped_without_a_gap()
    {
        var (a, b, c) = Three(Noon);

        var dropped = Programme.Reconcile([a, b, c], new HashSet<int> { 1, 3 }, Noon.AddSeconds(10));

        dropped.Should().Equal(b);
        c.StartsAt.Should().Be(a.EndsAt);
    }

    [Fact]
    public void Reconciling_an_intact_schedule_changes_nothing()
    {
        var (a, b, c) = Three(Noon);

        Programme.Reconcile([a, b, c], new HashSet<int> { 1, 2, 3 }, Noon.AddSeconds(10)).Should().BeEmpty();

        (a.StartsAt, b.StartsAt, c.StartsAt).Should().Be((Noon, Noon.AddSeconds(60), Noon.AddSeconds(120)));
    }

    [Fact]
    public void Replanning_drops_what_starts_after_the_margin()
    {
        var (a, b, c) = Three(Noon);

        Programme.Reconcile([a, b, c], new HashSet<int> { 1, 2, 3 }, Noon.AddSeconds(59), Noon.AddSeconds(61))
            .Should().Equal(c);
    }

    [Fact]
    public void Replanning_keeps_a_request_and_moves_it_up()
    {
        var (a, b, _) = Three(Noon);
        var request = ScheduleEntry.ForRequest(3, SongRequest.Create(7, 1, Noon), 1, b.EndsAt, 60);

        var dropped = Programme.Reconcile([a, b, request], new HashSet<int> { 1, 2, 7 }, Noon.AddSeconds(59), Noon.AddSeconds(61));

        dropped.Should().BeEmpty();
        request.StartsAt.Should().Be(b.EndsAt);
    }

    [Fact]
    public void A_request_plays_after_the_song_on_the_air_and_the_rest_is_dropped_to_be_drawn_again()
    {
        var (a, b, c) = Three(Noon);

        var (entry, dropped) = Programme.PlaceRequest(
            [a, b, c], new HashSet<int> { 1, 2, 3 }, c, SongRequest.Create(9, 1, Noon), 30, Noon.AddSeconds(10), Noon.AddSeconds(12));

        dropped.Should().Equal(b, c);
        (entry.SongId, entry.StartsAt, entry.EndsAt).Should().Be((9, a.EndsAt, a.EndsAt.AddSeconds(30)));
        entry.Sequence.Should().Be(4, "a number no entry read had, so a racing writer collides on it");
        entry.Round.Should().Be(a.Round, "the requested song counts as played in the round, so the shuffle does not draw it again");
        entry.IsRequest.Should().BeTrue();
    }

    [Fact]
    public void A_request_queues_behind_the_earlier_requests()
    {
        var (a, b, _) = Three(Noon);
        var earlier = ScheduleEntry.ForRequest(3, SongRequest.Create(8, 1, Noon), 1, b.EndsAt, 60);
        var drawn = earlier.Next(4, 1, 60, Noon);

        var (entry, dropped) = Programme.PlaceRequest(
            [a, b, earlier, drawn], new HashSet<int> { 1, 2, 4, 8 }, drawn, SongRequest.Create(9, 2, Noon), 60,
            Noon.AddSeconds(10), Noon.AddSeconds(12));

        dropped.Should().Equal(b, drawn);
        earlier.StartsAt.Should().Be(a.EndsAt, "the earlier request moves up to follow the song on the air");
        entry.StartsAt.Should().Be(earlier.EndsAt);
        entry.Sequence.Should().Be(5);
    }

    [Fact]
    public void A_request_made_as_the_next_song_starts_follows_that_song()
    {
        var (a, b, c) = Three(Noon);
        var now = Noon.AddSeconds(59);

        var (entry, dropped) = Programme.PlaceRequest(
            [a, b, c], new HashSet<int> { 1, 2, 3 }, c, SongRequest.Create(9, 1, Noon), 60, now, now.AddSeconds(2));

        dropped.Should().Equal(c);
        entry.StartsAt.Should().Be(b.EndsAt, "the producer may already be opening the song about to start");
    }

    [Fact]
    public void A_request_on_an_idle_station_starts_now()
    {
        var old = ScheduleEntry.First(1, 60, Noon);
        var now = Noon.AddHours(1);

        var (entry, _) = Programme.PlaceRequest([], new HashSet<int>(), old, SongRequest.Create(9, 1, Noon), 60, now, now.AddSeconds(2));

        (entry.Sequence, entry.StartsAt, entry.Round).Should().Be((2, now, 1));
    }

    private static (ScheduleEntry, ScheduleEntry, ScheduleEntry) Three(DateTimeOffset start)
    {
        var a = ScheduleEntry.First(1, 60, start);
        var b = a.Next(2, 1, 60, start);
        return (a, b, b.Next(3, 1, 60, start));
    }

    /// <summary>Plays <paramref name="count"/> songs the way the schedule keeper draws them.</summary>
    private static List<int> Play(IReadOnlyCollection<int> library, int count, Random random)
    {
        var entries = new List<ScheduleEntry>();
        for (var i = 0; i < count; i++)
        {
            var last = entries.LastOrDefault();
            var played = entries.Where(e => e.Round == (last?.Round ?? 1)).Select(e => e.SongId).ToHashSet();
            var (songId, round) = Programme.NextSong(library, last, played, random);
            entries.Add(last is null ? ScheduleEntry.First(songId, 60, Noon) : last.Next(songId, round, 60, Noon));
        }

        return [.. entries.Select(e => e.SongId)];
    }
}
