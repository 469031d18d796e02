using Radio.Domain.Accounts;

namespace Radio.Domain.Listening;

/// <summary>
/// Lifetime listening totals: stored for accounts (credit is written in batches, so part of it may not be stored
/// yet), kept in memory only for anonymous listeners.
/// </summary>
public interface IListenerTotals
{
    /// <summary>
    /// Adds a heartbeat's credit (0 counts as a sign of life too) and returns the listener's lifetime total in
    /// whole seconds: what is stored plus credit not yet stored.
    /// </summary>
    ValueTask<long> AddAsync(ListenerId listener, double credit, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>
    /// Moves an anonymous listener's total to an account (a new one, at registration) as credit not yet stored, once:
    /// the anonymous listener and their session are then gone. Returns the whole seconds moved; 0 for a listener not held.
    /// </summary>
    ValueTask<long> CarryOverAsync(ListenerId anonymous, ListenerId user, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>
    /// Whole seconds credited to each account and not yet stored, by user id (0 for one with none): what a total
    /// shown adds to the stored one. One call for a whole board of accounts (with several instances, one Redis call).
    /// </summary>
    ValueTask<IReadOnlyDictionary<int, long>> UnstoredSecondsAsync(IReadOnlyCollection<int> userIds, CancellationToken cancellationToken);
}

public static class ListenerTotalsExtensions
{
    /// <summary>The account's lifetime total as shown everywhere: stored plus credit not yet stored.</summary>
    public static async ValueTask<long> ShownTotalAsync(this IListenerTotals totals, User user, CancellationToken cancellationToken) =>
        user.TotalListenTime + (await totals.UnstoredSecondsAsync([user.Id], cancellationToken)).GetValueOrDefault(user.Id);
}
