using Radio.Domain.Accounts;

namespace Radio.Domain.Listening;

/// <summary>Credit stored per account per UTC day, week and month, written by the same flush as the lifetime totals.</summary>
public interface IPeriodTotals
{
    /// <summary>The accounts with the most credit stored in the <paramref name="period"/> that starts on <paramref name="start"/>, ties by id.</summary>
    Task<IReadOnlyList<(User User, long Seconds)>> TopAsync(
        LeaderboardPeriod period, DateOnly start, int limit, CancellationToken cancellationToken);
}
