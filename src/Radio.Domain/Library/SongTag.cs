namespace Radio.Domain.Library;

/// <summary>How strongly a song carries a tag, in [0, 1].</summary>
public sealed class SongTag
{
    private SongTag(int tagId, double score)
    {
        TagId = tagId;
        Score = score;
    }

    public int SongId { get; private set; }
    public int TagId { get; private set; }
    public Tag? Tag { get; private set; }
    public double Score { get; private set; }

    internal static SongTag Create(int tagId, double score)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(score);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(score, 1);
        return new SongTag(tagId, score);
    }
}
