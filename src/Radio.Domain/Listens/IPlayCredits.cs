using Radio.Domain.Listening;

namespace Radio.Domain.Listens;

/// <summary>
/// Each account's credit per play of the stored schedule, which decides its listens; decided listens are written by
/// the batched flush of the listening totals, never one statement per heartbeat. Anonymous listeners earn none, but
/// every listener's credit adds to the play's listened seconds, written by the same flush.
/// </summary>
public interface IPlayCredits
{
    /// <summary>Credits the plays on the air during the <paramref name="credit"/> seconds that end at <paramref name="now"/>.</summary>
    ValueTask CreditAsync(ListenerId listener, double credit, DateTimeOffset now, CancellationToken cancellationToken);
}
