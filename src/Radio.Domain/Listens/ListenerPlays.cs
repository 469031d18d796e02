namespace Radio.Domain.Listens;

/// <summary>
/// One account's credit per play, while the plays are recent enough for a heartbeat to reach them, and which of
/// them became listens. Not thread-safe: the holder locks it.
/// </summary>
public sealed class ListenerPlays
{
    private readonly Dictionary<long, (Play Play, double Credit, bool Listened)> _plays = [];

    /// <summary>Server time of the latest credit, to forget an account that stopped listening.</summary>
    public DateTimeOffset LastCreditAt { get; private set; }

    /// <summary>
    /// Adds a heartbeat's credit to the plays it fell on and returns the listens it decided: each play becomes a
    /// listen once, when its credit reaches the threshold. Plays that ended before <paramref name="forgetBefore"/>
    /// are dropped, since no later heartbeat can reach them.
    /// </summary>
    public IReadOnlyList<Listen> Credit(
        int userId, IReadOnlyList<(Play Play, double Seconds)> shares, DateTimeOffset now, DateTimeOffset forgetBefore)
    {
        if (now > LastCreditAt)
        {
            LastCreditAt = now;
        }

        List<Listen>? decided = null;
        foreach (var (play, seconds) in shares)
        {
            var (_, credit, listened) = _plays.GetValueOrDefault(play.Sequence);
            credit += seconds;
            if (!listened && credit >= play.ThresholdSeconds)
            {
                (decided ??= []).Add(Listen.Create(userId, play, credit));
                listened = true;
            }

            _plays[play.Sequence] = (play, credit, listened);
        }

        foreach (var (sequence, held) in _plays)
        {
            if (held.Play.EndsAt < forgetBefore)
            {
                _plays.Remove(sequence);
            }
        }

        return decided ?? (IReadOnlyList<Listen>)[];
    }

    /// <summary>The account's credit for a play so far.</summary>
    public double CreditOf(long playSequence) => _plays.GetValueOrDefault(playSequence).Credit;
}
