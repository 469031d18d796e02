namespace Radio.Infrastructure.Library.Search;

/// <summary>Orders slots by folded title (ordinal), then song id; hits by rank first.</summary>
internal readonly struct ByTitle(SongSlots slots) : IComparer<int>, IComparer<TitleHit>
{
    public int Compare(int x, int y)
    {
        var byTitle = slots.TitleOf(x).SequenceCompareTo(slots.TitleOf(y));
        return byTitle != 0 ? byTitle : slots.SongIdAt(x).CompareTo(slots.SongIdAt(y));
    }

    public int Compare(TitleHit x, TitleHit y) => x.Rank != y.Rank ? x.Rank.CompareTo(y.Rank) : Compare(x.Slot, y.Slot);
}
