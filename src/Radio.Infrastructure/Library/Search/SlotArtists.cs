using System.Runtime.CompilerServices;

namespace Radio.Infrastructure.Library.Search;

/// <summary>
/// Each slot's artists, in song order, as one run of dense artist numbers (positions in the artist list), and each
/// artist's folded name and live slots. Artists are never dropped: a name is few bytes, and a later song may bring it back.
/// </summary>
internal sealed class SlotArtists
{
    private readonly Dictionary<int, Artist> _byId = [];
    private readonly List<Artist> _artists = [];
    private int[] _runStarts = new int[65]; // slot's artists are _numbers[start, next start)
    private int[] _numbers = new int[64];
    private int _numberCount;

    public long Bytes => (long)(_runStarts.Length + _numbers.Length) * sizeof(int);

    /// <summary>Records the artists' current names.</summary>
    public void Learn(IReadOnlyList<IndexedArtist> artists)
    {
        foreach (var artist in artists)
        {
            ArtistFor(artist);
        }
    }

    /// <summary>Gives <paramref name="slot"/> (the next one) its run of artists.</summary>
    public void Append(int slot, IReadOnlyList<IndexedArtist> artists)
    {
        if (_numberCount + artists.Count > _numbers.Length)
        {
            Array.Resize(ref _numbers, Math.Max(_numberCount + artists.Count, _numbers.Length * 2));
        }

        foreach (var artist in artists)
        {
            var entry = ArtistFor(artist);
            entry.Slots.Add(slot);
            _numbers[_numberCount++] = entry.Number;
        }

        _runStarts[slot + 1] = _numberCount;
    }

    /// <summary>Whether the slot's artists are <paramref name="artists"/>, in that order.</summary>
    public bool Same(int slot, IReadOnlyList<IndexedArtist> artists)
    {
        var current = _numbers.AsSpan(_runStarts[slot], _runStarts[slot + 1] - _runStarts[slot]);
        if (current.Length != artists.Count)
        {
            return false;
        }

        for (var i = 0; i < current.Length; i++)
        {
            if (_artists[current[i]].Id != artists[i].Id)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Takes a slot that is being killed out of its artists' live slots.</summary>
    public void Detach(int slot)
    {
        for (var i = _runStarts[slot]; i < _runStarts[slot + 1]; i++)
        {
            _artists[_numbers[i]].Slots.Remove(slot);
        }
    }

    public List<IndexedArtist> Of(int slot)
    {
        var artists = new List<IndexedArtist>(_runStarts[slot + 1] - _runStarts[slot]);
        for (var i = _runStarts[slot]; i < _runStarts[slot + 1]; i++)
        {
            var artist = _artists[_numbers[i]];
            artists.Add(new IndexedArtist(artist.Id, artist.NameKey));
        }

        return artists;
    }

    /// <summary>Which artists (by number) have <paramref name="key"/> in their name; null when none has.</summary>
    public bool[]? Matching(string key)
    {
        bool[]? matched = null;
        for (var number = 0; number < _artists.Count; number++)
        {
            if (_artists[number].NameKey.Contains(key, StringComparison.Ordinal))
            {
                matched ??= new bool[_artists.Count];
                matched[number] = true;
            }
        }

        return matched;
    }

    /// <summary>Whether one of the slot's artists is among <paramref name="matched"/> (from <see cref="Matching"/>).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] // the full scan asks it of every slot
    public bool AnyMatched(int slot, bool[] matched)
    {
        for (var i = _runStarts[slot]; i < _runStarts[slot + 1]; i++)
        {
            if (matched[_numbers[i]])
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The matched artists' live slots when there are at most <paramref name="max"/>; otherwise null.</summary>
    public List<int>? SlotsOf(bool[]? matched, int max)
    {
        if (matched is null)
        {
            return null;
        }

        var slots = new List<int>();
        for (var number = 0; number < matched.Length; number++)
        {
            if (matched[number])
            {
                slots.AddRange(_artists[number].Slots);
                if (slots.Count > max)
                {
                    return null;
                }
            }
        }

        return slots;
    }

    public void Reset(int slots)
    {
        _runStarts = new int[Math.Max(64, slots) + 1];
        _numbers = new int[Math.Max(64, slots)];
        _numberCount = 0;
        foreach (var artist in _artists)
        {
            artist.Slots.Clear();
        }
    }

    public void GrowSlots(int capacity) => Array.Resize(ref _runStarts, capacity + 1);

    /// <summary>Gives the runs back their unused growth room after a bulk load.</summary>
    public void TrimExcess() => Array.Resize(ref _numbers, _numberCount + 64);

    private Artist ArtistFor(IndexedArtist artist)
    {
        if (!_byId.TryGetValue(artist.Id, out var entry))
        {
            entry = new Artist(artist.Id, _artists.Count, artist.NameKey);
            _byId.Add(artist.Id, entry);
            _artists.Add(entry);
        }

        entry.NameKey = artist.NameKey;
        return entry;
    }

    /// <summary>An artist under its dense number, which the runs store.</summary>
    private sealed class Artist(int id, int number, string nameKey)
    {
        public int Id { get; } = id;

        public int Number { get; } = number;

        public string NameKey { get; set; } = nameKey;

        /// <summary>The artist's live slots, in no particular order.</summary>
        public List<int> Slots { get; } = [];
    }
}
