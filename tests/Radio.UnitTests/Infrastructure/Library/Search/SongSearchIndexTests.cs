using Radio.Domain.Library;
using Radio.Infrastructure.Library.Search;
using static Radio.UnitTests.Infrastructure.Library.Search.IndexedSongs;

namespace Radio.UnitTests.Infrastructure.Library.Search;

public sealed class SongSearchIndexTests
{
    [Fact]
    public void Exact_titles_come_before_prefixes_before_substrings_each_by_title_then_id()
    {
        var index = IndexOf(
            Song(1, "Glove b"), Song(2, "love z"), Song(3, "Love"), Song(4, "love a"), Song(5, "a glove"), Song(6, "love a"));

        index.Search("love", 50, 0).Should().Equal(3, 4, 6, 2, 5, 1);
    }

    [Fact]
    public void Case_and_accents_are_ignored_on_both_sides()
    {
        var index = IndexOf(Song(1, "Café del Mar"), Song(2, "Cafe Society"), Song(3, "Tea"));

        index.Search("CAFÉ", 50, 0).Should().Equal(1, 2);
        index.Search("cafe", 50, 0).Should().Equal(1, 2);
    }

    [Fact]
    public void An_artist_name_match_finds_the_artists_songs_once_ranked_as_substrings()
    {
        var index = IndexOf(
            Song(1, "Halo", [Beyonce]), Song(2, "Duet", [Beyonce, new IndexedArtist(4, "beyonce fan")]),
            Song(3, "Beyonce"), Song(4, "Other"));

        index.Search("beyonce", 50, 0).Should().Equal(3, 2, 1);
    }

    [Fact]
    public void A_song_matching_by_title_and_artist_is_listed_once_with_its_title_rank()
    {
        var index = IndexOf(Song(1, "Lovers", [Lovers]), Song(2, "Zed", [Lovers]));

        index.Search("lovers", 50, 0).Should().Equal(1, 2);
    }

    [Fact]
    public void Limit_and_offset_page_through_the_ranking()
    {
        var index = IndexOf(Enumerable.Range(1, 10).Select(i => Song(i, $"song {i:D2}")).ToArray());

        index.Search("song", 3, 2).Should().Equal(3, 4, 5);
        index.Search("song", 3, 9).Should().Equal(10);
        index.Search("song", 3, 10).Should().BeEmpty();
        index.Search(null, 2, 8).Should().Equal(9, 10);
    }

    [Fact]
    public void A_blank_query_lists_every_song_by_title()
    {
        var index = IndexOf(Song(1, "b"), Song(2, "Á"), Song(3, "c"), Song(4, "a"));

        index.Search("  ", 50, 0).Should().Equal(2, 4, 1, 3);
        index.Search(null, 50, 0).Should().Equal(2, 4, 1, 3);
    }

    [Fact]
    public void Matches_never_run_across_two_titles()
    {
        var index = IndexOf(Song(1, "ab"), Song(2, "cd"));

        index.Search("bc", 50, 0).Should().BeEmpty();
        index.Search("b\0c", 50, 0).Should().BeEmpty();
    }

    [Fact]
    public void Added_songs_are_found_and_listed_in_title_order()
    {
        var index = IndexOf(Song(1, "m"));

        index.Put(Song(2, "a love"));
        index.Put(Song(3, "z", [Lovers]));

        index.Search("love", 50, 0).Should().Equal(2, 3);
        index.Search(null, 50, 0).Should().Equal(2, 1, 3);
    }

    [Fact]
    public void Removed_songs_disappear_from_every_search()
    {
        var index = IndexOf(Song(1, "love", [Lovers], (1, 0.5)), Song(2, "love me", [Lovers], (1, 0.9)));

        index.Remove(1);

        index.Search("love", 50, 0).Should().Equal(2);
        index.Search(null, 50, 0).Should().Equal(2);
        index.MatchVibe([new TagTarget(1, 0.5)], 10).Select(m => m.SongId).Should().Equal(2);
        index.SongCountOf(1).Should().Be(1);
        index.Count.Should().Be(1);
    }

    [Fact]
    public void A_changed_title_or_artist_is_searched_by_its_new_value()
    {
        var index = IndexOf(Song(1, "old title"));

        index.Put(Song(1, "new title", [Lovers]));

        index.Search("old", 50, 0).Should().BeEmpty();
        index.Search("new", 50, 0).Should().Equal(1);
        index.Search("lovers", 50, 0).Should().Equal(1);
        index.Search("plain", 50, 0).Should().BeEmpty();
        index.Count.Should().Be(1);
    }

    [Fact]
    public void Many_removals_compact_the_index_without_losing_songs()
    {
        var index = IndexOf(Enumerable.Range(1, 3000).Select(i => Song(i, $"t{i:D4}", null, (i % 3, 0.5))).ToArray());

        foreach (var id in Enumerable.Range(1, 2000))
        {
            index.Remove(id);
        }

        index.Count.Should().Be(1000);
        index.Search("t2", 5, 0).Should().Equal(2001, 2002, 2003, 2004, 2005);
        index.Search(null, 2, 998).Should().Equal(2999, 3000);
        index.SongCountOf(0).Should().Be(334);
        index.MatchVibe([new TagTarget(1, 0.5)], 2).Select(m => m.SongId).Should().Equal(2002, 2005);
    }

    [Fact]
    public void Changed_tags_change_the_vibe_and_the_counts()
    {
        var index = IndexOf(Song(1, "a", null, (1, 0.0)), Song(2, "b", null, (1, 0.5)));

        index.Put(Song(1, "a", null, (1, 1.0), (2, 0.0)));

        index.MatchVibe([new TagTarget(1, 1)], 1).Single().Should().Be(new VibeMatch(1, 0));
        index.SongCountOf(1).Should().Be(2);
        index.SongCountOf(2).Should().Be(1, "a score of 0 still carries the tag");
        index.Put(Song(1, "a"));
        index.SongCountOf(2).Should().Be(0);
    }

    [Fact]
    public void A_tag_gives_its_column_up_when_its_last_song_drops_it_or_goes()
    {
        var index = IndexOf(Song(1, "a", null, (1, 0.5), (2, 0.5)), Song(2, "b", null, (2, 0.5), (3, 0.5)));
        var before = index.ApproximateBytes;

        index.Put(Song(1, "a", null, (2, 0.7)));
        index.Remove(2);

        index.TagColumnCount.Should().Be(1, "only tag 2 is still carried, by song 1");
        index.ApproximateBytes.Should().BeLessThan(before);
        index.SongCountOf(1).Should().Be(0);
        index.SongCountOf(3).Should().Be(0);
        index.MatchVibe([new TagTarget(2, 0.7)], 5).Should().Equal(new VibeMatch(1, 0));
    }

    [Fact]
    public void A_tag_a_song_keeps_through_a_change_keeps_its_scores()
    {
        var index = IndexOf(Song(1, "a", null, (1, 0.5)), Song(2, "b"));

        index.Put(Song(1, "a", null, (1, 0.25)));

        index.TagColumnCount.Should().Be(1);
        index.MatchVibe([new TagTarget(1, 0.25)], 1).Should().Equal(new VibeMatch(1, 0));
    }

    [Fact]
    public void A_compaction_keeps_only_the_columns_of_tags_live_songs_carry()
    {
        var index = IndexOf(Enumerable.Range(1, 3000).Select(i => Song(i, $"t{i:D4}", null, (i <= 2000 ? 1 : 2, 0.5))).ToArray());

        foreach (var id in Enumerable.Range(1, 2000))
        {
            index.Remove(id);
        }

        index.TagColumnCount.Should().Be(1);
        index.SongCountOf(2).Should().Be(1000);
    }

    [Fact]
    public void Walking_the_title_order_scanning_and_scanning_in_parallel_rank_alike()
    {
        var random = new Random(11);
        var artists = Enumerable.Range(1, 40).Select(i => new IndexedArtist(i, $"artist {(char)('a' + (i % 26))}{i}")).ToArray();
        var songs = Enumerable.Range(1, 3000).Select(i => Song(
            i,
            string.Concat(Enumerable.Range(0, random.Next(1, 6)).Select(_ => (char)('a' + random.Next(6)))),
            [artists[random.Next(artists.Length)]])).ToArray();
        var walking = IndexOf(songs);
        var scanning = new SongSearchIndex(titleWalkBudget: 0);
        var parallel = new SongSearchIndex(titleWalkBudget: 0, parallelScanSlots: 64);
        var shortWalk = new SongSearchIndex(titleWalkBudget: 1000);
        foreach (var index in new[] { walking, scanning, parallel, shortWalk })
        {
            index.Load(songs);
            index.Remove(5);
        }

        foreach (var query in new[] { "a", "ab", "abc", "cab", "f", "artist b", "e2", "zz", "artist a1" })
        {
            foreach (var (limit, offset) in new[] { (37, 5), (50, 0), (3, 0), (200, 2000) })
            {
                var expected = walking.Search(query, limit, offset);
                scanning.Search(query, limit, offset).Should().Equal(expected, query);
                parallel.Search(query, limit, offset).Should().Equal(expected, query);
                shortWalk.Search(query, limit, offset).Should().Equal(expected, query);
            }
        }
    }

    [Fact]
    public async Task Searches_running_during_changes_see_consistent_results()
    {
        var index = IndexOf(Enumerable.Range(1, 2000).Select(i => Song(i, $"song {i}", null, (1, 0.5))).ToArray());
        using var stop = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));

        var writer = Task.Run(() =>
        {
            var next = 2001;
            while (!stop.IsCancellationRequested)
            {
                index.Put(Song(next, $"song {next}", null, (1, 0.5)));
                index.Remove(next - 1500);
                next++;
            }
        });
        var readers = Enumerable.Range(0, 2).Select(_ => Task.Run(() =>
        {
            while (!stop.IsCancellationRequested)
            {
                index.Search("song", 50, 0).Should().HaveCount(50).And.OnlyHaveUniqueItems().And.NotContain(0);
                index.MatchVibe([new TagTarget(1, 0.5)], 20).Should().HaveCount(20);
            }
        }));

        await Task.WhenAll([writer, .. readers]);
        index.Search(null, 5000, 0).Should().OnlyHaveUniqueItems().And.HaveCount(index.Count);
    }

    [Fact]
    public async Task Searches_wait_until_the_loader_marks_the_index_loaded()
    {
        using var index = IndexOf(Song(1, "a"));

        var waiting = index.WhenLoadedAsync(CancellationToken.None);
        waiting.IsCompleted.Should().BeFalse("a filled index is not loaded until the loader says so");
        index.MarkLoaded();

        await waiting.WaitAsync(TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task A_cancelled_load_ends_the_searches_wait()
    {
        using var index = new SongSearchIndex();
        using var stopping = new CancellationTokenSource();
        var waiting = index.WhenLoadedAsync(CancellationToken.None);

        await stopping.CancelAsync();
        index.CancelLoad(stopping.Token);

        await FluentActions.Awaiting(() => waiting).Should().ThrowAsync<OperationCanceledException>();
    }

    [Fact]
    public void A_bulk_load_takes_tags_after_the_songs_and_skips_songs_it_never_added()
    {
        using var index = new SongSearchIndex();

        index.Load(3, load =>
        {
            load.AddSong(2, "b", [Plain]);
            load.AddSong(5, "a", [Lovers]);
            load.AddSong(7, "c", []);
            load.AddTag(5, 1, 0.5);
            load.AddTag(6, 1, 0.5); // added after the songs were read
            load.AddTag(2, 1, 0.9);
            load.AddTag(7, 2, 0.1);
        });

        index.Search(null, 50, 0).Should().Equal(5, 2, 7);
        index.Search("lovers", 50, 0).Should().Equal(5);
        index.SongCountOf(1).Should().Be(2);
        index.SongCountOf(2).Should().Be(1);
    }
}
