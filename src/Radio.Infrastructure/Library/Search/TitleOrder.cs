using System.Runtime.InteropServices;

namespace Radio.Infrastructure.Library.Search;

/// <summary>
/// The live slots in title order (folded title, then song id): a page of all songs by title is a slice of it, and the
/// titles that start with a query are one run of it.
/// </summary>
internal sealed class TitleOrder(SongSlots slots)
{
    private readonly List<int> _slots = [];
    private readonly IComparer<int> _byTitle = new ByTitle(slots); // boxed once: the list's binary search takes the interface

    public int Count => _slots.Count;

    public ReadOnlySpan<int> Slots => CollectionsMarshal.AsSpan(_slots);

    public long Bytes => (long)_slots.Capacity * sizeof(int);

    public int this[int position] => _slots[position];

    public void Insert(int slot)
    {
        var at = _slots.BinarySearch(slot, _byTitle);
        _slots.Insert(~at, slot);
    }

    /// <summary>Takes the slot out, while its title is still in place.</summary>
    public void Remove(int slot)
    {
        var at = _slots.BinarySearch(slot, _byTitle);
        at = at >= 0 ? at : _slots.IndexOf(slot); // a binary search can only miss if the order was broken
        if (at >= 0)
        {
            _slots.RemoveAt(at);
        }
    }

    /// <summary>The first position whose title is not below <paramref name="key"/>.</summary>
    public int LowerBound(ReadOnlySpan<char> key)
    {
        var (low, high) = (0, _slots.Count);
        while (low < high)
        {
            var middle = (low + high) >>> 1;
            if (slots.TitleOf(_slots[middle]).SequenceCompareTo(key) < 0)
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

    /// <summary>Orders every slot (all live, appended in id order) by title; <paramref name="titles"/> is consumed.</summary>
    public void SortAll(string[] titles)
    {
        var order = new int[titles.Length];
        for (var i = 0; i < order.Length; i++)
        {
            order[i] = i;
        }

        Array.Sort(titles, order, StringComparer.Ordinal);
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
                Array.Sort(order, run, end - run);
            }

            run = end;
        }

        _slots.Clear();
        _slots.AddRange(order);
    }

    /// <summary>Takes slots [0, <paramref name="count"/>), appended already in title order (a compaction).</summary>
    public void AddInOrder(int count) => _slots.AddRange(Enumerable.Range(0, count));

    public void Clear() => _slots.Clear();
}
