using Radio.Domain.Library;

namespace Radio.Infrastructure.Library;

/// <summary>One song as the index holds it: folded title, artists in order, tag scores.</summary>
internal sealed record IndexedSong(
    int Id, string TitleKey, IReadOnlyList<IndexedArtist> Artists, IReadOnlyList<(int TagId, double Score)> Tags);

internal sealed record IndexedArtist(int Id, string NameKey);

/// <summary>
/// The in-memory search structures. Songs live in append-only slots: every folded title sits in one char buffer
/// (each followed by a '\0'), with the live slots also kept in title order; each tag is a dense score column indexed
/// by slot. A removed song leaves a dead slot that searches skip, until enough of them pile up to compact.
/// Searches share a read lock, changes take the write lock. The substring search is in SongSearchIndex.Text.cs,
/// the vibe search in SongSearchIndex.Vibe.cs, the database side in SongSearchIndex.Loading.cs.
/// </summary>
internal sealed partial class SongSearchIndex
{
    private const int DeadSlot = 0; // song ids start at 1
    private const int VibeBlock = 4096;

    private readonly ReaderWriterLockSlim _lock = new(LockRecursionPolicy.NoRecursion);

    private char[] _text = new char[1024];
    private int _textLength;
    private int[] _titleStarts = new int[65]; // slot's title is [start, next start - 1); the char before next start is '\0'
    private int[] _songIds = new int[64];
    private int[] _artistStarts = new int[65];
    private int[] _slotArtists = new int[64]; // dense artist numbers (positions in _artistList), in song order
    private int _slotArtistCount;
    private int _slotCount;
    private int _liveCount;
    private readonly Dictionary<int, int> _slotOfSong = [];
    private readonly Dictionary<int, ArtistEntry> _artists = [];
    private readonly List<ArtistEntry> _artistList = [];
    private readonly Dictionary<int, TagColumn> _tags = [];
    private readonly List<int> _byTitle = []; // live slots by (folded title, song id)
    private readonly TitleOrder _titleOrder;

    public SongSearchIndex() => _titleOrder = new TitleOrder(this);

    public int Count => Read(() => _liveCount);

    /// <summary>From this many slots on, a substring search scans parts of the library in parallel.</summary>
    internal int ParallelScanSlots { get; init; } = 200_000;

    /// <summary>How many titles a search walks in title order before it scans everything instead.</summary>
    internal int TitleWalkBudget { get; init; } = 8_192;

    /// <summary>Replaces the whole content (start-up load, tests).</summary>
    public void Load(IEnumerable<IndexedSong> songs)
    {
        Write(() =>
        {
            Reset(0, 0);
            foreach (var song in songs.OrderBy(s => s.Id))
            {
                AppendCore(song);
            }

            SortByTitle();
        });
    }

    /// <summary>Adds the song or brings it up to date.</summary>
    public void Put(IndexedSong song) => Write(() => PutCore(song));

    public void Remove(int songId) => Write(() => RemoveCore(songId));

    public IReadOnlyList<int> Search(string? query, int limit, int offset)
    {
        var key = string.IsNullOrWhiteSpace(query) ? string.Empty : SearchText.Fold(query.Trim());
        _lock.EnterReadLock();
        try
        {
            return key.Length == 0 ? ByTitle(limit, offset) : Matching(key, limit, offset);
        }
        finally
        {
            _lock.ExitReadLock();
        }
    }

    public IReadOnlyList<VibeMatch> MatchVibe(IReadOnlyList<TagTarget> targets, int limit)
    {
        if (targets.Count == 0 || limit <= 0)
        {
            return [];
        }

        _lock.EnterReadLock();
        try
        {
            return ClosestToVibe(targets, limit);
        }
        finally
        {
            _lock.ExitReadLock();
        }
    }

    public int SongCountOf(int tagId) => Read(() => _tags.TryGetValue(tagId, out var column) ? column.Count : 0);

    /// <summary>Bytes held by the arrays (the dominant part of the index's memory).</summary>
    public long ApproximateBytes => Read(() =>
        (_text.LongLength * sizeof(char))
        + ((long)(_titleStarts.Length + _songIds.Length + _artistStarts.Length + _slotArtists.Length) * sizeof(int))
        + (_tags.Values.Sum(c => (long)c.Scores.Length) * (sizeof(double) + sizeof(bool)))
        + ((long)_slotOfSong.Count * 24) + ((long)_byTitle.Capacity * sizeof(int)));

    // ---- changes (under the write lock) ----

    private void PutCore(IndexedSong song)
    {
        foreach (var artist in song.Artists)
        {
            ArtistFor(artist);
        }

        if (_slotOfSong.TryGetValue(song.Id, out var slot))
        {
            if (TitleKeyOf(slot).SequenceEqual(song.TitleKey) && SameArtists(slot, song.Artists))
            {
                SetTags(slot, song.Tags);
                return;
            }

            Kill(slot);
        }

        var added = AppendCore(song);
        var at = _byTitle.BinarySearch(added, _titleOrder);
        _byTitle.Insert(~at, added);
    }

    private void RemoveCore(int songId)
    {
        if (_slotOfSong.TryGetValue(songId, out var slot))
        {
            Kill(slot);
            CompactIfSparse();
        }
    }

    private int AppendCore(IndexedSong song)
    {
        var slot = _slotCount;
        EnsureCapacity(slot + 1, _textLength + song.TitleKey.Length + 1, _slotArtistCount + song.Artists.Count);
        song.TitleKey.CopyTo(_text.AsSpan(_textLength));
        _textLength += song.TitleKey.Length;
        _text[_textLength++] = '\0';
        _titleStarts[slot + 1] = _textLength;
        foreach (var artist in song.Artists)
        {
            var entry = ArtistFor(artist);
            entry.Slots.Add(slot);
            _slotArtists[_slotArtistCount++] = entry.Number;
        }

        _artistStarts[slot + 1] = _slotArtistCount;
        _songIds[slot] = song.Id;
        _slotOfSong[song.Id] = slot;
        _slotCount++;
        _liveCount++;
        SetTags(slot, song.Tags);
        return slot;
    }

    private ArtistEntry ArtistFor(IndexedArtist artist)
    {
        if (!_artists.TryGetValue(artist.Id, out var entry))
        {
            entry = new ArtistEntry(artist.Id, _artistList.Count, artist.NameKey);
            _artists.Add(artist.Id, entry);
            _artistList.Add(entry);
        }

        entry.NameKey = artist.NameKey;
        return entry;
    }

    private bool SameArtists(int slot, IReadOnlyList<IndexedArtist> artists)
    {
        var current = _slotArtists.AsSpan(_artistStarts[slot], _artistStarts[slot + 1] - _artistStarts[slot]);
        if (current.Length != artists.Count)
        {
            return false;
        }

        for (var i = 0; i < current.Length; i++)
        {
            if (_artistList[current[i]].Id != artists[i].Id)
            {
                return false;
            }
        }

        return true;
    }

    private void SetTags(int slot, IReadOnlyList<(int TagId, double Score)> tags)
    {
        foreach (var column in _tags.Values)
        {
            column.Clear(slot);
        }

        foreach (var (tagId, score) in tags)
        {
            TagColumnFor(tagId).Set(slot, score);
        }
    }

    private TagColumn TagColumnFor(int tagId)
    {
        if (!_tags.TryGetValue(tagId, out var column))
        {
            column = new TagColumn(_songIds.Length);
            _tags.Add(tagId, column);
        }

        return column;
    }

    private void Kill(int slot)
    {
        var at = _byTitle.BinarySearch(slot, _titleOrder);
        at = at >= 0 ? at : _byTitle.IndexOf(slot); // a binary search can only miss if the order was broken
        if (at >= 0)
        {
            _byTitle.RemoveAt(at);
        }

        for (var i = _artistStarts[slot]; i < _artistStarts[slot + 1]; i++)
        {
            _artistList[_slotArtists[i]].Slots.Remove(slot);
        }

        foreach (var column in _tags.Values)
        {
            column.Clear(slot);
        }

        _slotOfSong.Remove(_songIds[slot]);
        _songIds[slot] = DeadSlot;
        _liveCount--;
    }

    private void CompactIfSparse()
    {
        var dead = _slotCount - _liveCount;
        if (dead < Math.Max(1024, _liveCount / 4))
        {
            return;
        }

        var live = new List<IndexedSong>(_liveCount);
        foreach (var slot in _byTitle)
        {
            live.Add(SongAt(slot));
        }

        Reset(live.Count, _textLength);
        foreach (var song in live)
        {
            AppendCore(song);
        }

        _byTitle.AddRange(Enumerable.Range(0, live.Count)); // appended in title order
    }

    private IndexedSong SongAt(int slot)
    {
        var artists = new List<IndexedArtist>(_artistStarts[slot + 1] - _artistStarts[slot]);
        for (var i = _artistStarts[slot]; i < _artistStarts[slot + 1]; i++)
        {
            var artist = _artistList[_slotArtists[i]];
            artists.Add(new IndexedArtist(artist.Id, artist.NameKey));
        }

        var tags = _tags.Where(t => t.Value.Has[slot]).Select(t => (t.Key, t.Value.Scores[slot])).ToList();
        return new IndexedSong(_songIds[slot], TitleKeyOf(slot).ToString(), artists, tags);
    }

    private void SortByTitle()
    {
        var titles = new string[_slotCount];
        for (var slot = 0; slot < _slotCount; slot++)
        {
            titles[slot] = TitleKeyOf(slot).ToString();
        }

        SortByTitle(titles);
    }

    /// <summary>Orders every slot (all live, appended in id order) by title; <paramref name="titles"/> is consumed.</summary>
    private void SortByTitle(string[] titles)
    {
        var slots = new int[titles.Length];
        for (var i = 0; i < slots.Length; i++)
        {
            slots[i] = i;
        }

        Array.Sort(titles, slots, StringComparer.Ordinal);
        // the sort is unstable: equal titles go back to id order, which is slot order
        for (var run = 0; run < titles.Length;)
        {
            var end = run + 1;
            while (end < titles.Length && string.Equals(titles[end], titles[run], StringComparison.Ordinal))
            {
                end++;
            }

            if (end - run > 1)
            {
                Array.Sort(slots, run, end - run);
            }

            run = end;
        }

        _byTitle.Clear();
        _byTitle.AddRange(slots);
    }

    private void Reset(int slots, int textLength)
    {
        _text = new char[Math.Max(1024, textLength)];
        _textLength = 0;
        _titleStarts = new int[Math.Max(64, slots) + 1];
        _songIds = new int[Math.Max(64, slots)];
        _artistStarts = new int[_titleStarts.Length];
        _slotArtists = new int[Math.Max(64, slots)];
        _slotArtistCount = 0;
        _slotCount = 0;
        _liveCount = 0;
        _slotOfSong.Clear();
        _byTitle.Clear();
        foreach (var artist in _artistList)
        {
            artist.Slots.Clear();
        }

        foreach (var column in _tags.Values)
        {
            column.Reset(_songIds.Length);
        }
    }

    private void EnsureCapacity(int slots, int textLength, int slotArtists)
    {
        if (textLength > _text.Length)
        {
            Array.Resize(ref _text, Math.Max(textLength, _text.Length * 2));
        }

        if (slotArtists > _slotArtists.Length)
        {
            Array.Resize(ref _slotArtists, Math.Max(slotArtists, _slotArtists.Length * 2));
        }

        if (slots > _songIds.Length)
        {
            var capacity = Math.Max(slots, _songIds.Length * 2);
            Array.Resize(ref _songIds, capacity);
            Array.Resize(ref _titleStarts, capacity + 1);
            Array.Resize(ref _artistStarts, capacity + 1);
            foreach (var column in _tags.Values)
            {
                column.Grow(capacity);
            }
        }
    }

    /// <summary>Gives the arrays back their unused growth room after a bulk load.</summary>
    private void TrimExcess()
    {
        Array.Resize(ref _text, _textLength + 1024);
        Array.Resize(ref _slotArtists, _slotArtistCount + 64);
    }

    private T Read<T>(Func<T> read)
    {
        _lock.EnterReadLock();
        try
        {
            return read();
        }
        finally
        {
            _lock.ExitReadLock();
        }
    }

    private void Write(Action change)
    {
        _lock.EnterWriteLock();
        try
        {
            change();
        }
        finally
        {
            _lock.ExitWriteLock();
        }
    }

    /// <summary>An artist under its dense number, which the slots store.</summary>
    private sealed class ArtistEntry(int id, int number, string nameKey)
    {
        public int Id { get; } = id;

        public int Number { get; } = number;

        public string NameKey { get; set; } = nameKey;

        /// <summary>The artist's live slots, in no particular order.</summary>
        public List<int> Slots { get; } = [];
    }

    /// <summary>One tag's score for every slot (0 where a song lacks it), and which slots carry it.</summary>
    private sealed class TagColumn(int capacity)
    {
        public double[] Scores { get; private set; } = new double[capacity];

        public bool[] Has { get; private set; } = new bool[capacity];

        public int Count { get; private set; }

        public void Set(int slot, double score)
        {
            Count += Has[slot] ? 0 : 1;
            Has[slot] = true;
            Scores[slot] = score;
        }

        public void Clear(int slot)
        {
            if (Has[slot])
            {
                Has[slot] = false;
                Scores[slot] = 0;
                Count--;
            }
        }

        public void Grow(int capacity)
        {
            var scores = Scores;
            var has = Has;
            Array.Resize(ref scores, capacity);
            Array.Resize(ref has, capacity);
            (Scores, Has) = (scores, has);
        }

        public void Reset(int capacity)
        {
            (Scores, Has, Count) = (new double[capacity], new bool[capacity], 0);
        }
    }

    private enum Rank
    {
        Exact = 0,
        Prefix = 1,
        Substring = 2,
    }

    private readonly record struct Hit(int Slot, Rank Rank);

    /// <summary>Orders slots by folded title (ordinal), then song id.</summary>
    private sealed class TitleOrder(SongSearchIndex index) : IComparer<int>, IComparer<Hit>
    {
        public int Compare(int x, int y)
        {
            var byTitle = index.TitleKeyOf(x).SequenceCompareTo(index.TitleKeyOf(y));
            return byTitle != 0 ? byTitle : index._songIds[x].CompareTo(index._songIds[y]);
        }

        public int Compare(Hit x, Hit y) => x.Rank != y.Rank ? x.Rank.CompareTo(y.Rank) : Compare(x.Slot, y.Slot);
    }

    /// <summary>The best <c>capacity</c> hits seen: a bounded heap whose root is the worst kept.</summary>
    private sealed class TopHits(int capacity, TitleOrder order)
    {
        private readonly PriorityQueue<Hit, Hit> _heap =
            new(capacity + 1, Comparer<Hit>.Create((x, y) => order.Compare(y, x)));

        public void Offer(Hit hit)
        {
            if (_heap.Count < capacity)
            {
                _heap.Enqueue(hit, hit);
            }
            else if (order.Compare(hit, _heap.Peek()) < 0)
            {
                _heap.DequeueEnqueue(hit, hit);
            }
        }

        public Hit[] InOrder()
        {
            var hits = new Hit[_heap.Count];
            for (var i = hits.Length - 1; i >= 0; i--)
            {
                hits[i] = _heap.Dequeue();
            }

            return hits;
        }
    }

    private readonly record struct VibeHit(double ErrorSum, int SongId)
    {
        public static readonly IComparer<VibeHit> WorstFirst = Comparer<VibeHit>.Create((x, y) => y.CompareTo(x));

        public bool IsBetterThan(VibeHit other) => CompareTo(other) < 0;

        private int CompareTo(VibeHit other)
        {
            var byError = ErrorSum.CompareTo(other.ErrorSum);
            return byError != 0 ? byError : SongId.CompareTo(other.SongId);
        }
    }
}
