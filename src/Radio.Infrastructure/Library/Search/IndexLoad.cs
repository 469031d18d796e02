namespace Radio.Infrastructure.Library.Search;

/// <summary>
/// A whole load in progress (see <see cref="SongSearchIndex.Load(int, Action{IndexLoad})"/>): songs in ascending id
/// order, each song's tags after it or after all the songs.
/// </summary>
internal sealed class IndexLoad(Func<IndexedSong, int> append, SongSlots slots, TagColumns tags, int songCount)
{
    private readonly List<string> _titles = new(songCount);
    private int _cursor;

    /// <summary>Adds the next song; <paramref name="artists"/> is read at once, not kept, so the caller may reuse it.</summary>
    public void AddSong(int songId, string titleKey, IReadOnlyList<IndexedArtist> artists)
    {
        _titles.Add(titleKey);
        append(new IndexedSong(songId, titleKey, artists, []));
    }

    /// <summary>Gives a song added before its tag score; a song not added (it came after the songs were read) is skipped.</summary>
    public void AddTag(int songId, int tagId, double score)
    {
        // slots were appended in id order, and rows usually arrive in song order: try the previous slot first
        if (slots.SongIdAt(_cursor) != songId)
        {
            _cursor = slots.FindInIdOrder(songId);
            if (_cursor < 0)
            {
                _cursor = 0; // a song added after the songs were read: its refresh brings the tags
                return;
            }
        }

        tags.Set(_cursor, tagId, score);
    }

    /// <summary>The titles added, in slot order, for the title sort (cheaper than reading them back from the buffer).</summary>
    public string[] TitlesInSlotOrder() => [.. _titles];
}
