namespace Radio.Infrastructure.Persistence;

/// <summary>One account's credit stored for one UTC day: what the leaderboard's periods sum.</summary>
internal sealed class ListeningDay
{
    public int UserId { get; set; }
    public DateOnly Day { get; set; }
    public long Seconds { get; set; }
}
