using System.Diagnostics;
using Radio.Infrastructure.Common;
using Radio.Domain.Library;

namespace Radio.Infrastructure.Library.Search;

/// <summary>
/// The library in memory for search, a plain data structure: songs in append-only slots (<see cref="SongSlots"/>,
/// <see cref="SlotArtists"/>, <see cref="TagColumns"/>), the live ones also kept in <see cref="TitleOrder"/>. A removed
/// song leaves a dead slot that searches skip, until enough of them pile up to compact. Searches share a read lock,
/// changes take the write lock. <see cref="SongSearchIndexLoader"/> fills it from the database and keeps it current.
/// </summary>
internal sealed class SongSearchIndex : ISongSearchIndex, IDisposable
{
    public const int DefaultTitleWalkBudget = 8_192;
    public const int DefaultParallelScanSlots = 200_000;

    private readonly ReaderWriterLockSlim _lock = new(LockRecursionPolicy.NoRecursion);
    private readonly TaskCompletionSource _loaded = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly SongSlots _slots = new();
    private readonly SlotArtists _artists = new();
    private readonly TagColumns _tags = new();
    private readonly TitleOrder _order;
    private readonly SubstringSearch _search;
    private readonly Dictionary<int, int> _slotOfSong = [];
    private readonly RadioMetrics? _metrics;

    /// <param name="titleWalkBudget">How many titles a search walks in title order before it scans everything instead.</param>
    /// <param name="parallelScanSlots">From this many slots on, a full scan runs in parallel parts.</param>
    /// <param name="metrics">Where search latency is recorded, if anywhere.</param>
    public SongSearchIndex(
        int titleWalkBudget = DefaultTitleWalkBudget, int parallelScanSlots = DefaultParallelScanSlots, RadioMetrics? metrics = null)
    {
        _metrics = metrics;
        _order = new TitleOrder(_slots);
        _search = new SubstringSearch(
            _slots, _artists, _order, new TitleScan(_slots, _artists, parallelScanSlots), titleWalkBudget);
    }

    /// <summary>Live songs.</summary>
    public int Count => Read(() => _order.Count);

    /// <summary>Bytes held by the arrays (the dominant part of the index's memory).</summary>
    public long ApproximateBytes => Read(() =>
        _slots.Bytes + _artists.Bytes + _tags.Bytes + ((long)_slotOfSong.Count * 24) + _order.Bytes);

    /// <summary>Tags holding a score column: those at least one live song carries.</summary>
    public int TagColumnCount => Read(() => _tags.Count);

    public Task WhenLoadedAsync(CancellationToken cancellationToken) => _loaded.Task.WaitAsync(cancellationToken);

    public bool IsLoaded => _loaded.Task.IsCompletedSuccessfully;

    /// <summary>Lets the searches waiting in <see cref="WhenLoadedAsync"/> through: the library is in.</summary>
    public void MarkLoaded() => _loaded.TrySetResult();

    /// <summary>Ends the searches' wait when the server stops before the library could be loaded.</summary>
    public void CancelLoad(CancellationToken cancellationToken) => _loaded.TrySetCanceled(cancellationToken);

    /// <summary>Replaces the whole content with these songs (tests).</summary>
    public void Load(IEnumerable<IndexedSong> songs) => Load(0, load =>
    {
        foreach (var song in songs.OrderBy(s => s.Id))
        {
            load.AddSong(song.Id, song.TitleKey, song.Artists);
            foreach (var (tagId, score) in song.Tags)
            {
                load.AddTag(song.Id, tagId, score);
            }
        }
    });

    /// <summary>
    /// Replaces the whole content with what <paramref name="fill"/> adds, sized for <paramref name="songCount"/> songs.
    /// The write lock is held throughout, so <paramref name="fill"/> must not leave the thread (no await).
    /// </summary>
    public void Load(int songCount, Action<IndexLoad> fill) => Write(() =>
    {
        Reset(songCount, songCount * 24);
        var load = new IndexLoad(Append, _slots, _tags, songCount);
        fill(load);
        _slots.TrimExcess();
        _artists.TrimExcess();
        _order.SortAll(load.TitlesInSlotOrder());
    });

    /// <summary>Adds the song or brings it up to date.</summary>
    public void Put(IndexedSong song) => Write(() => PutCore(song));

    public void Remove(int songId) => Write(() => RemoveCore(songId));

    public IReadOnlyList<int> Search(string? query, int limit, int offset)
    {
        var started = Stopwatch.GetTimestamp();
        var key = string.IsNullOrWhiteSpace(query) ? string.Empty : SearchText.Fold(query.Trim());
        _lock.EnterReadLock();
        try
        {
            return key.Length == 0 ? _search.ByTitle(limit, offset) : _search.Matching(key, limit, offset);
        }
        finally
        {
            _lock.ExitReadLock();
            _metrics?.Searched("text", started);
        }
    }

    public IReadOnlyList<VibeMatch> MatchVibe(IReadOnlyList<TagTarget> targets, int limit)
    {
        if (targets.Count == 0 || limit <= 0)
        {
            return [];
        }

        var started = Stopwatch.GetTimestamp();
        _lock.EnterReadLock();
        try
        {
            return VibeScan.Closest(_tags, _slots.SongIds, targets, limit);
        }
        finally
        {
            _lock.ExitReadLock();
            _metrics?.Searched("vibe", started);
        }
    }

    public int SongCountOf(int tagId) => Read(() => _tags.SongCountOf(tagId));

    public void Dispose() => _lock.Dispose();

    // ---- changes (under the write lock) ----

    private int Append(IndexedSong song)
    {
        if (_slots.EnsureCapacity(_slots.Count + 1, _slots.TextLength + song.TitleKey.Length + 1))
        {
            _artists.GrowSlots(_slots.Capacity);
            _tags.Grow(_slots.Capacity);
        }

        var slot = _slots.Append(song.Id, song.TitleKey);
        _artists.Append(slot, song.Artists);
        _slotOfSong[song.Id] = slot;
        _tags.Set(slot, song.Tags);
        return slot;
    }

    private void PutCore(IndexedSong song)
    {
        _artists.Learn(song.Artists);
        if (_slotOfSong.TryGetValue(song.Id, out var slot))
        {
            if (_slots.TitleOf(slot).SequenceEqual(song.TitleKey) && _artists.Same(slot, song.Artists))
            {
                _tags.Set(slot, song.Tags);
                return;
            }

            Kill(slot);
        }

        _order.Insert(Append(song));
    }

    private void RemoveCore(int songId)
    {
        if (_slotOfSong.TryGetValue(songId, out var slot))
        {
            Kill(slot);
            CompactIfSparse();
        }
    }

    private void Kill(int slot)
    {
        _order.Remove(slot);
        _artists.Detach(slot);
        _tags.Clear(slot);
        _slotOfSong.Remove(_slots.SongIdAt(slot));
        _slots.Kill(slot);
    }

    private void CompactIfSparse()
    {
        var live = _order.Count;
        if (_slots.Count - live < Math.Max(1024, live / 4))
        {
            return;
        }

        var songs = new List<IndexedSong>(live);
        foreach (var slot in _order.Slots)
        {
            songs.Add(new IndexedSong(_slots.SongIdAt(slot), _slots.TitleOf(slot).ToString(), _artists.Of(slot), _tags.Of(slot)));
        }

        Reset(songs.Count, _slots.TextLength);
        foreach (var song in songs)
        {
            Append(song);
        }

        _order.AddInOrder(songs.Count); // appended in title order
    }

    private void Reset(int slots, int textLength)
    {
        _slots.Reset(slots, textLength);
        _artists.Reset(slots);
        _tags.Reset(_slots.Capacity);
        _slotOfSong.Clear();
        _order.Clear();
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
}
