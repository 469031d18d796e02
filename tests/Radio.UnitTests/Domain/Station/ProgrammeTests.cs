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
