using FluentValidation;
using Mediator;
using Radio.Application.Accounts;
using Radio.Domain.Accounts;
using Radio.Domain.Listening;

namespace Radio.Application.Listening;

/// <summary>
/// The accounts that listened longest: over their lifetime (<c>all</c>), or in the UTC calendar month, week (from
/// Monday) or day that holds now.
/// </summary>
public sealed record GetLeaderboard(string Period = GetLeaderboard.All, int Limit = GetLeaderboard.Size)
    : IQuery<IReadOnlyList<LeaderboardEntry>>
{
    public const string All = "all";
    public const int Size = 10;
    public const int MaxLimit = 100;

    public static readonly IReadOnlyDictionary<string, LeaderboardPeriod> Periods = new Dictionary<string, LeaderboardPeriod>(StringComparer.Ordinal)
    {
        [All] = LeaderboardPeriod.All,
        ["month"] = LeaderboardPeriod.Month,
        ["week"] = LeaderboardPeriod.Week,
        ["day"] = LeaderboardPeriod.Day,
    };
}

/// <summary>An account on the board; <see cref="PeriodSeconds"/> is its credit stored in the period, null for <c>all</c>.</summary>
public sealed record LeaderboardEntry(UserResult User, long? PeriodSeconds);

public sealed class GetLeaderboardValidator : AbstractValidator<GetLeaderboard>
{
    public GetLeaderboardValidator()
    {
        RuleFor(x => x.Period).Must(p => p is not null && GetLeaderboard.Periods.ContainsKey(p))
            .WithMessage("period must be one of all, month, week, day.");
        RuleFor(x => x.Limit).InclusiveBetween(1, GetLeaderboard.MaxLimit)
            .WithMessage($"limit must be between 1 and {GetLeaderboard.MaxLimit}.");
    }
}

public sealed class GetLeaderboardHandler(IUserAccounts accounts, IListenerTotals totals, IPeriodTotals periods, TimeProvider clock)
    : IQueryHandler<GetLeaderboard, IReadOnlyList<LeaderboardEntry>>
{
    public async ValueTask<IReadOnlyList<LeaderboardEntry>> Handle(GetLeaderboard query, CancellationToken cancellationToken)
    {
        var period = GetLeaderboard.Periods[query.Period];
        if (period == LeaderboardPeriod.All)
        {
            var top = await accounts.TopListenersAsync(query.Limit, cancellationToken);
            var unstored = await UnstoredAsync(top, cancellationToken);
            // totals shown are stored + not yet stored, as everywhere else; ranked again on what is shown
            return
            [
                .. top
                    .Select(u => new LeaderboardEntry(Shown(u, unstored), null))
                    .OrderByDescending(e => e.User.TotalListenTime)
                    .ThenBy(e => e.User.Id),
            ];
        }

        // a period counts stored credit only: what the flush wrote into it
        var ranked = await periods.TopAsync(period, period.FirstDay(clock.GetUtcNow()), query.Limit, cancellationToken);
        var shown = await UnstoredAsync(ranked.Select(r => r.User), cancellationToken);
        return [.. ranked.Select(r => new LeaderboardEntry(Shown(r.User, shown), r.Seconds))];
    }

    private ValueTask<IReadOnlyDictionary<int, long>> UnstoredAsync(IEnumerable<User> users, CancellationToken cancellationToken) =>
        totals.UnstoredSecondsAsync([.. users.Select(u => u.Id)], cancellationToken);

    private static UserResult Shown(User user, IReadOnlyDictionary<int, long> unstored) =>
        UserResult.From(user, user.TotalListenTime + unstored.GetValueOrDefault(user.Id));
}
