using System.Runtime.InteropServices;

namespace Radio.Infrastructure.Library;

/// <summary>
/// Substring search: titles that start with the query come straight from the title order; other matches are found
/// by walking the title order while they are common, or by a vectorised scan of every title when they are rare.
/// </summary>
internal sealed partial class SongSearchIndex
{
    private int _runningScans;

    private List<int> ByTitle(int limit, int offset)
    {
        if (offset >= _byTitle.Count)
        {
            return [];
        }

        var page = CollectionsMarshal.AsSpan(_byTitle).Slice(offset, Math.Min(limit, _byTitle.Count - offset));
        var ids = new List<int>(page.Length);
        foreach (var slot in page)
        {
            ids.Add(_songIds[slot]);
        }

        return ids;
    }

    private List<int> Matching(string key, int limit, int offset)
    {
        var wanted = (int)Math.Min((long)offset + limit, _liveCount);
        if (wanted <= offset)
        {
            return [];
        }

        var needle = key.AsSpan();
        var slots = new List<int>(wanted);

        // exact titles, then prefixes: one run of the title order, already ranked (an exact title sorts first)
        for (var i = LowerBound(needle); i < _byTitle.Count && slots.Count < wanted; i++)
        {
            if (!TitleKeyOf(_byTitle[i]).StartsWith(needle))
            {
                break;
            }

            slots.Add(_byTitle[i]);
        }

        var matchedArtists = slots.Count < wanted ? MatchingArtists(key) : null;
        if (slots.Count < wanted && !TryWalkByTitle(needle, matchedArtists, wanted, slots))
        {
            slots = [.. ScanAll(key, matchedArtists, wanted).Select(h => h.Slot)];
        }

        var ids = new List<int>(Math.Max(0, slots.Count - offset));
        for (var i = offset; i < slots.Count; i++)
        {
            ids.Add(_songIds[slots[i]]);
        }

        return ids;
    }

    /// <summary>
    /// Fills <paramref name="slots"/> up to <paramref name="wanted"/> with the other matches by walking the title order
    /// from the start. A common query fills it within a few hundred titles; a rare one gives up after the budget, and the
    /// caller scans everything instead (cheap exactly when matches are rare).
    /// </summary>
    private bool TryWalkByTitle(ReadOnlySpan<char> needle, bool[]? matchedArtists, int wanted, List<int> slots)
    {
        if (wanted > TitleWalkBudget / 16 || !WalkLikelyFills(needle, matchedArtists, wanted - slots.Count))
        {
            return false; // a deep page or rare matches: the scan's bounded heap is the better tool
        }

        var found = new List<int>(wanted - slots.Count);
        var walked = Math.Min(_byTitle.Count, TitleWalkBudget);
        for (var i = 0; i < walked; i++)
        {
            var slot = _byTitle[i];
            var at = TitleKeyOf(slot).IndexOf(needle);
            if (at == 0)
            {
                continue; // a prefix match, ranked above
            }

            if (at > 0 || HasMatchedArtist(slot, matchedArtists))
            {
                found.Add(slot);
                if (slots.Count + found.Count == wanted)
                {
                    break;
                }
            }
        }

        if (slots.Count + found.Count < wanted && walked < _byTitle.Count)
        {
            return false;
        }

        slots.AddRange(found);
        return true;
    }

    /// <summary>
    /// Whether walking <see cref="TitleWalkBudget"/> titles should find <paramref name="needed"/> matches, judged on as
    /// many slots read in slot order (sequential and cheap; slot order is unrelated to title order, so a fair sample).
    /// </summary>
    private bool WalkLikelyFills(ReadOnlySpan<char> needle, bool[]? matchedArtists, int needed)
    {
        var sample = Math.Min(_slotCount, TitleWalkBudget);
        var matches = 0;
        for (var slot = 0; slot < sample && matches < needed * 2; slot++)
        {
            if (_songIds[slot] != DeadSlot && (TitleKeyOf(slot).IndexOf(needle) > 0 || HasMatchedArtist(slot, matchedArtists)))
            {
                matches++;
            }
        }

        return matches >= needed * 2 || sample == _slotCount;
    }

    /// <summary>The first position in the title order whose title is not below <paramref name="key"/>.</summary>
    private int LowerBound(ReadOnlySpan<char> key)
    {
        var (low, high) = (0, _byTitle.Count);
        while (low < high)
        {
            var middle = (low + high) >>> 1;
            if (TitleKeyOf(_byTitle[middle]).SequenceCompareTo(key) < 0)
            {
                low = middle + 1;
            }
            else
            {
                high = middle;
            }
        }

        return low;
    }

    private bool HasMatchedArtist(int slot, bool[]? matchedArtists)
    {
        if (matchedArtists is null)
        {
            return false;
        }

        for (var i = _artistStarts[slot]; i < _artistStarts[slot + 1]; i++)
        {
            if (matchedArtists[_slotArtists[i]])
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Every title and artist scanned, keeping the best <paramref name="wanted"/> hits in a bounded heap.</summary>
    private Hit[] ScanAll(string key, bool[]? matchedArtists, int wanted)
    {
        // a big library is scanned in parts on several cores; parts start on a multiple of 64 slots
        // few artist songs (a name rather than a syllable): visit them directly instead of checking every slot
        var artistSongs = ArtistSongs(matchedArtists);
        var scanArtists = artistSongs is null ? matchedArtists : null;
        var artistHits = artistSongs is null ? [] : ArtistOnlyHits(key, artistSongs, wanted);

        // A big library is scanned in parts on several cores, but only by a lone search: when searches overlap
        // the cores are busy already, and each part would wait for a pool thread.
        var lone = Interlocked.Increment(ref _runningScans) == 1;
        try
        {
            var parts = lone && _slotCount >= ParallelScanSlots ? Math.Clamp(Environment.ProcessorCount, 1, 4) : 1;
            var partSize = ((_slotCount / parts) + 63) & ~63; // parts start on a multiple of 64 slots
            var tops = new Hit[parts + 1][];
            tops[parts] = artistHits;
            if (parts == 1)
            {
                tops[0] = ScanPart(key, 0, _slotCount, scanArtists, wanted);
            }
            else
            {
                Parallel.For(0, parts, part => tops[part] =
                    ScanPart(key, part * partSize, Math.Min(_slotCount, (part + 1) * partSize), scanArtists, wanted));
            }

            return [.. tops.SelectMany(t => t).Order(_titleOrder).Take(wanted)];
        }
        finally
        {
            Interlocked.Decrement(ref _runningScans);
        }
    }

    /// <summary>The matched artists' slots when they are few enough to visit one by one; otherwise null.</summary>
    private List<int>? ArtistSongs(bool[]? matchedArtists)
    {
        if (matchedArtists is null)
        {
            return null;
        }

        var slots = new List<int>();
        for (var number = 0; number < matchedArtists.Length; number++)
        {
            if (matchedArtists[number])
            {
                slots.AddRange(_artistList[number].Slots);
                if (slots.Count > _slotCount / 32)
                {
                    return null;
                }
            }
        }

        return slots;
    }

    /// <summary>The best hits among songs matched by an artist but not by their title (which the title scan finds).</summary>
    private Hit[] ArtistOnlyHits(string key, List<int> artistSlots, int wanted)
    {
        var best = new TopHits(wanted, _titleOrder);
        var seen = new HashSet<int>();
        foreach (var slot in artistSlots)
        {
            if (seen.Add(slot) && TitleKeyOf(slot).IndexOf(key.AsSpan()) < 0)
            {
                best.Offer(new Hit(slot, Rank.Substring));
            }
        }

        return best.InOrder();
    }

    /// <summary>The best <paramref name="wanted"/> hits among the slots [<paramref name="firstSlot"/>, <paramref name="endSlot"/>), in order.</summary>
    private Hit[] ScanPart(string key, int firstSlot, int endSlot, bool[]? matchedArtists, int wanted)
    {
        var best = new TopHits(wanted, _titleOrder);
        var titleHits = matchedArtists is null ? null : new ulong[((endSlot - firstSlot) + 63) / 64];
        var needle = key.AsSpan();
        var text = _text.AsSpan(0, _titleStarts[endSlot]);
        var from = _titleStarts[firstSlot];
        var lastSlot = firstSlot;
        while (from < text.Length)
        {
            var found = text[from..].IndexOf(needle);
            if (found < 0)
            {
                break;
            }

            var at = from + found;
            var slot = lastSlot = SlotAt(at, lastSlot);
            var start = _titleStarts[slot];
            var end = _titleStarts[slot + 1] - 1;
            if (at + needle.Length > end)
            {
                from = at + 1; // only a query holding '\0' can run over a title's end
                continue;
            }

            if (_songIds[slot] != DeadSlot)
            {
                var rank = at != start ? Rank.Substring : end - start == needle.Length ? Rank.Exact : Rank.Prefix;
                best.Offer(new Hit(slot, rank));
                if (titleHits is not null)
                {
                    titleHits[(slot - firstSlot) >> 6] |= 1UL << (slot - firstSlot);
                }
            }

            from = end + 1;
        }

        if (matchedArtists is not null)
        {
            // one sequential pass over every slot's artists: far cheaper than jumping to each artist's songs
            for (var slot = firstSlot; slot < endSlot; slot++)
            {
                if ((titleHits![(slot - firstSlot) >> 6] & (1UL << (slot - firstSlot))) != 0 || _songIds[slot] == DeadSlot)
                {
                    continue;
                }

                for (var i = _artistStarts[slot]; i < _artistStarts[slot + 1]; i++)
                {
                    if (matchedArtists[_slotArtists[i]])
                    {
                        best.Offer(new Hit(slot, Rank.Substring));
                        break;
                    }
                }
            }
        }

        return best.InOrder();
    }

    /// <summary>
    /// The slot whose title holds <paramref name="textPosition"/>, searching forward from <paramref name="from"/>
    /// (hits come in text order): gallop, then binary search, so a dense run of hits costs a step or two each.
    /// </summary>
    private int SlotAt(int textPosition, int from)
    {
        var step = 1;
        var low = from;
        while (low + step <= _slotCount && _titleStarts[low + step] <= textPosition)
        {
            low += step;
            step *= 2;
        }

        var index = Array.BinarySearch(_titleStarts, low, Math.Min(step, _slotCount - low) + 1, textPosition);
        return index >= 0 ? index : ~index - 1;
    }

    private ReadOnlySpan<char> TitleKeyOf(int slot) =>
        _text.AsSpan(_titleStarts[slot], _titleStarts[slot + 1] - 1 - _titleStarts[slot]);

    /// <summary>Which artists (by number) have <paramref name="key"/> in their name; null when none has.</summary>
    private bool[]? MatchingArtists(string key)
    {
        bool[]? matched = null;
        for (var number = 0; number < _artistList.Count; number++)
        {
            if (_artistList[number].NameKey.Contains(key, StringComparison.Ordinal))
            {
                matched ??= new bool[_artistList.Count];
                matched[number] = true;
            }
        }

        return matched;
    }
}
