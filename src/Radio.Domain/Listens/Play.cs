namespace Radio.Domain.Listens;

/// <summary>One song's time on the air: a schedule entry as the listen rules see it.</summary>
public readonly record struct Play(long Sequence, int SongId, DateTimeOffset StartedAt, DateTimeOffset EndsAt, double DurationSeconds)
{
    /// <summary>The most credit a listen ever needs, whatever the song's length (the ListenBrainz/Last.fm rule).</summary>
    public const double MaxThresholdSeconds = 240;

    /// <summary>The credit that makes this play a listen: half the song, or <see cref="MaxThresholdSeconds"/> if less.</summary>
    public double ThresholdSeconds => Math.Min(DurationSeconds / 2, MaxThresholdSeconds);

    /// <summary>
    /// How a heartbeat's credit falls on the plays: the credit covers the <paramref name="credit"/> seconds that end at
    /// <paramref name="now"/>, and each play gets the part of that interval it was on the air. Time between plays
    /// (the station off the air) credits no play.
    /// </summary>
    public static IReadOnlyList<(Play Play, double Seconds)> Shares(IEnumerable<Play> plays, double credit, DateTimeOffset now)
    {
        if (credit <= 0)
        {
            return [];
        }

        var from = now - TimeSpan.FromSeconds(credit);
        var shares = new List<(Play, double)>(2);
        foreach (var play in plays)
        {
            var start = play.StartedAt > from ? play.StartedAt : from;
            var end = play.EndsAt < now ? play.EndsAt : now;
            if (end > start)
            {
                shares.Add((play, (end - start).TotalSeconds));
            }
        }

        return shares;
    }
}
