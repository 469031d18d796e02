namespace Radio.Infrastructure.Library.Search;

/// <summary>
/// The full scan, for queries whose matches are rare: a vectorised <c>IndexOf</c> over the whole title buffer (in
/// parallel parts for a big library), plus the songs of matching artists, keeping the best hits in a bounded heap.
/// </summary>
internal sealed class TitleScan(SongSlots slots, SlotArtists artists, int parallelScanSlots)
{
    private readonly ByTitle _order = new(slots);
    private int _runningScans;

    /// <summary>Every title and artist scanned, keeping the best <paramref name="wanted"/> hits.</summary>
    public TitleHit[] Best(string key, bool[]? matchedArtists, int wanted)
    {
        // few artist songs (a name rather than a syllable): visit them directly instead of checking every slot
        var artistSongs = artists.SlotsOf(matchedArtists, slots.Count / 32);
        var scanArtists = artistSongs is null ? matchedArtists : null;
        var artistHits = artistSongs is null ? [] : ArtistOnlyHits(key, artistSongs, wanted);

        // A big library is scanned in parts on several cores, but only by a lone search: when searches overlap
        // the cores are busy already, and each part would wait for a pool thread.
        var lone = Interlocked.Increment(ref _runningScans) == 1;
        try
        {
            var slotCount = slots.Count;
            var parts = lone && slotCount >= parallelScanSlots ? Math.Clamp(Environment.ProcessorCount, 1, 4) : 1;
            var partSize = ((slotCount / parts) + 63) & ~63; // parts start on a multiple of 64 slots
            var tops = new TitleHit[parts + 1][];
            tops[parts] = artistHits;
            if (parts == 1)
            {
                tops[0] = ScanPart(key, 0, slotCount, scanArtists, wanted);
            }
            else
            {
                Parallel.For(0, parts, part => tops[part] =
                    ScanPart(key, part * partSize, Math.Min(slotCount, (part + 1) * partSize), scanArtists, wanted));
            }

            return [.. tops.SelectMany(t => t).Order(_order).Take(wanted)];
        }
        finally
        {
            Interlocked.Decrement(ref _runningScans);
        }
    }

    /// <summary>The best hits among songs matched by an artist but not by their title (which the title scan finds).</summary>
    private TitleHit[] ArtistOnlyHits(string key, List<int> artistSlots, int wanted)
    {
        var best = new TopK<TitleHit, ByTitle>(wanted, _order);
        var seen = new HashSet<int>();
        foreach (var slot in artistSlots)
        {
            if (seen.Add(slot) && slots.TitleOf(slot).IndexOf(key.AsSpan()) < 0)
            {
                best.Offer(new TitleHit(slot, Rank.Substring));
            }
        }

        return best.InOrder();
    }

    /// <summary>The best <paramref name="wanted"/> hits among the slots [<paramref name="firstSlot"/>, <paramref name="endSlot"/>), in order.</summary>
    private TitleHit[] ScanPart(string key, int firstSlot, int endSlot, bool[]? matchedArtists, int wanted)
    {
        var best = new TopK<TitleHit, ByTitle>(wanted, _order);
        var titleHits = matchedArtists is null ? null : new ulong[((endSlot - firstSlot) + 63) / 64];
        var needle = key.AsSpan();
        var text = slots.TextBefore(endSlot);
        var from = slots.TitleStart(firstSlot);
        var lastSlot = firstSlot;
        while (from < text.Length)
        {
            var found = text[from..].IndexOf(needle);
            if (found < 0)
            {
                break;
            }

            var at = from + found;
            var slot = lastSlot = slots.SlotAt(at, lastSlot);
            var start = slots.TitleStart(slot);
            var end = slots.TitleStart(slot + 1) - 1;
            if (at + needle.Length > end)
            {
                from = at + 1; // only a query holding '\0' can run over a title's end
                continue;
            }

            if (slots.IsLive(slot))
            {
                var rank = at != start ? Rank.Substring : end - start == needle.Length ? Rank.Exact : Rank.Prefix;
                best.Offer(new TitleHit(slot, rank));
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
                if ((titleHits![(slot - firstSlot) >> 6] & (1UL << (slot - firstSlot))) != 0 || !slots.IsLive(slot))
                {
                    continue;
                }

                if (artists.AnyMatched(slot, matchedArtists))
                {
                    best.Offer(new TitleHit(slot, Rank.Substring));
                }
            }
        }

        return best.InOrder();
    }
}
