using Mediator;
using Radio.Application.Accounts;
using Radio.Domain.Accounts;
using Radio.Domain.Listening;

namespace Radio.Application.Listening;

/// <summary>The accounts that listened longest.</summary>
public sealed record GetLeaderboard : IQuery<IReadOnlyList<UserResult>>
{
    public const int Size = 10;
}

public sealed class GetLeaderboardHandler(IUserAccounts accounts, IListenerTotals totals)
    : IQueryHandler<GetLeaderboard, IReadOnlyList<UserResult>>
{
    public async ValueTask<IReadOnlyList<UserResult>> Handle(GetLeaderboard query, CancellationToken cancellationToken)
    {
        var top = await accounts.TopListenersAsync(GetLeaderboard.Size, cancellationToken);
        // totals shown are stored + not yet stored, as everywhere else; ranked again on what is shown
        return
        [
            .. top
                .Select(u => UserResult.From(u, u.TotalListenTime + totals.UnstoredSeconds(ListenerId.ForUser(u.Id))))
                .OrderByDescending(u => u.TotalListenTime)
                .ThenBy(u => u.Id),
        ];
    }
}
