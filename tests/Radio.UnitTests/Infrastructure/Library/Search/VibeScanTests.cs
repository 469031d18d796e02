using Radio.Domain.Library;
using Radio.Infrastructure.Library.Search;
using static Radio.UnitTests.Infrastructure.Library.Search.IndexedSongs;

namespace Radio.UnitTests.Infrastructure.Library.Search;

public sealed class VibeScanTests
{
    [Fact]
    public void Vibe_error_is_the_mean_absolute_error_with_a_missing_tag_scoring_0()
    {
        var index = IndexOf(
            Song(1, "a", null, (10, 0.8), (11, 0.42)),
            Song(2, "b", null, (10, 0.8)),
            Song(3, "c", null, (10, 0.1), (11, 0.9)),
            Song(4, "d"));

        var matches = index.MatchVibe([new TagTarget(10, 0.8), new TagTarget(11, 0.5)], 10);

        matches.Select(m => m.SongId).Should().Equal(1, 2, 3, 4);
        matches.Select(m => m.MatchError).Should().Equal(
            [0.04, 0.25, 0.55, 0.65], (actual, expected) => Math.Abs(actual - expected) < 1e-12);
    }

    [Fact]
    public void Vibe_ties_are_ordered_by_song_id_whatever_the_slot_order()
    {
        var index = IndexOf(Song(9, "a", null, (1, 0.4)), Song(3, "b", null, (1, 0.6)), Song(5, "c", null, (1, 0.5)));

        index.MatchVibe([new TagTarget(1, 0.5)], 10).Select(m => m.SongId).Should().Equal(5, 3, 9);
    }

    [Fact]
    public void A_tag_no_song_carries_adds_its_target_to_every_song()
    {
        var index = IndexOf(Song(1, "a", null, (1, 0.5)), Song(2, "b"));

        var matches = index.MatchVibe([new TagTarget(1, 0.5), new TagTarget(99, 0.3)], 10);

        matches.Should().Equal(new VibeMatch(1, 0.15), new VibeMatch(2, 0.4));
    }

    [Fact]
    public void Vibe_keeps_only_the_best_limit_songs()
    {
        var index = IndexOf(Enumerable.Range(1, 5000).Select(i => Song(i, $"s{i}", null, (1, i / 5000.0))).ToArray());

        index.MatchVibe([new TagTarget(1, 1)], 3).Select(m => m.SongId).Should().Equal(5000, 4999, 4998);
    }

    [Fact]
    public void The_vectorised_pass_matches_a_plain_loop()
    {
        var random = new Random(7);
        var scores = Enumerable.Range(0, 1003).Select(_ => random.NextDouble()).ToArray();
        var errors = Enumerable.Range(0, 1003).Select(_ => random.NextDouble()).ToArray();
        var expected = errors.Select((e, i) => e + Math.Abs(scores[i] - 0.3)).ToArray();

        VibeScan.AddAbsoluteDifferences(errors, scores, 0.3);

        errors.Should().Equal(expected);
    }
}
