using Radio.Domain.Accounts;

namespace Radio.Domain.Listening;

/// <summary>Credit stored per account per UTC day, written by the same flush as the lifetime totals.</summary>
public interface IPeriodTotals
{
    /// <summary>The accounts with the most credit stored from <paramref name="firstDay"/> on, ties by id.</summary>
    Task<IReadOnlyList<(User User, long Seconds)>> TopAsync(DateOnly firstDay, int limit, CancellationToken cancellationToken);
}
