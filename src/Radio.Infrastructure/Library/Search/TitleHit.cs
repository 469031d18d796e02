namespace Radio.Infrastructure.Library.Search;

/// <summary>How a title matches a query, best first.</summary>
internal enum Rank
{
    Exact = 0,
    Prefix = 1,
    Substring = 2,
}

/// <summary>A substring search hit: the slot and how it matched.</summary>
internal readonly record struct TitleHit(int Slot, Rank Rank);
