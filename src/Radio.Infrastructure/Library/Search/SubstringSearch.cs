namespace Radio.Infrastructure.Library.Search;

/// <summary>
/// Substring search: titles that start with the query come straight from the title order; other matches are found
/// by walking the title order while they are common, or by the full scan (<see cref="TitleScan"/>) when they are rare.
/// </summary>
internal sealed class SubstringSearch(SongSlots slots, SlotArtists artists, TitleOrder order, TitleScan scan, int titleWalkBudget)
{
    /// <summary>A page of every song by title.</summary>
    public List<int> ByTitle(int limit, int offset)
    {
        if (offset >= order.Count)
        {
            return [];
        }

        var page = order.Slots.Slice(offset, Math.Min(limit, order.Count - offset));
        var ids = new List<int>(page.Length);
        foreach (var slot in page)
        {
            ids.Add(slots.SongIdAt(slot));
        }

        return ids;
    }

    /// <summary>A page of the songs matching the folded <paramref name="key"/>, best first.</summary>
    public List<int> Matching(string key, int limit, int offset)
    {
        var wanted = (int)Math.Min((long)offset + limit, order.Count);
        if (wanted <= offset)
        {
            return [];
        }

        var needle = key.AsSpan();
        var found = new List<int>(wanted);

        // exact titles, then prefixes: one run of the title order, already ranked (an exact title sorts first)
        for (var i = order.LowerBound(needle); i < order.Count && found.Count < wanted; i++)
        {
            if (!slots.TitleOf(order[i]).StartsWith(needle))
            {
                break;
            }

            found.Add(order[i]);
        }

        var matchedArtists = found.Count < wanted ? artists.Matching(key) : null;
        if (found.Count < wanted && !TryWalkByTitle(needle, matchedArtists, wanted, found))
        {
            found = [.. scan.Best(key, matchedArtists, wanted).Select(h => h.Slot)];
        }

        var ids = new List<int>(Math.Max(0, found.Count - offset));
        for (var i = offset; i < found.Count; i++)
        {
            ids.Add(slots.SongIdAt(found[i]));
        }

        return ids;
    }

    /// <summary>
    /// Fills <paramref name="found"/> up to <paramref name="wanted"/> with the other matches by walking the title order
    /// from the start. A common query fills it within a few hundred titles; a rare one gives up after the budget, and the
    /// caller scans everything instead (cheap exactly when matches are rare).
    /// </summary>
    private bool TryWalkByTitle(ReadOnlySpan<char> needle, bool[]? matchedArtists, int wanted, List<int> found)
    {
        if (wanted > titleWalkBudget / 16 || !WalkLikelyFills(needle, matchedArtists, wanted - found.Count))
        {
            return false; // a deep page or rare matches: the scan's bounded heap is the better tool
        }

        var others = new List<int>(wanted - found.Count);
        var walked = Math.Min(order.Count, titleWalkBudget);
        for (var i = 0; i < walked; i++)
        {
            var slot = order[i];
            var at = slots.TitleOf(slot).IndexOf(needle);
            if (at == 0)
            {
                continue; // a prefix match, ranked above
            }

            if (at > 0 || HasMatchedArtist(slot, matchedArtists))
            {
                others.Add(slot);
                if (found.Count + others.Count == wanted)
                {
                    break;
                }
            }
        }

        if (found.Count + others.Count < wanted && walked < order.Count)
        {
            return false;
        }

        found.AddRange(others);
        return true;
    }

    /// <summary>
    /// Whether walking the budget of titles should find <paramref name="needed"/> matches, judged on as many slots read
    /// in slot order (sequential and cheap; slot order is unrelated to title order, so a fair sample).
    /// </summary>
    private bool WalkLikelyFills(ReadOnlySpan<char> needle, bool[]? matchedArtists, int needed)
    {
        var sample = Math.Min(slots.Count, titleWalkBudget);
        var matches = 0;
        for (var slot = 0; slot < sample && matches < needed * 2; slot++)
        {
            if (slots.IsLive(slot) && (slots.TitleOf(slot).IndexOf(needle) > 0 || HasMatchedArtist(slot, matchedArtists)))
            {
                matches++;
            }
        }

        return matches >= needed * 2 || sample == slots.Count;
    }

    private bool HasMatchedArtist(int slot, bool[]? matchedArtists) =>
        matchedArtists is not null && artists.AnyMatched(slot, matchedArtists);
}
