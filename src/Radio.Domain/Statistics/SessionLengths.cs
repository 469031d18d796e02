namespace Radio.Domain.Statistics;

/// <summary>
/// The session-length buckets of the statistics. Each bucket holds lengths from its lower bound (inclusive) up to the
/// next bucket's (exclusive): 59 s is <c>&lt;1m</c>, 60 s is <c>1-5m</c>, 300 s is <c>5-15m</c>, exactly 2 h is <c>&gt;2h</c>.
/// </summary>
public static class SessionLengths
{
    /// <summary>The buckets' names, in order, as the contract spells them.</summary>
    public static readonly IReadOnlyList<string> Names = ["<1m", "1-5m", "5-15m", "15-30m", "30-60m", "1-2h", ">2h"];

    // lower bounds of the buckets after the first, in seconds
    private static readonly int[] LowerBounds = [60, 300, 900, 1800, 3600, 7200];

    public static int Count => Names.Count;

    /// <summary>The index in <see cref="Names"/> of the bucket a session of this length falls in.</summary>
    public static int BucketOf(TimeSpan length)
    {
        var seconds = length.TotalSeconds;
        var bucket = 0;
        while (bucket < LowerBounds.Length && seconds >= LowerBounds[bucket])
        {
            bucket++;
        }

        return bucket;
    }
}
