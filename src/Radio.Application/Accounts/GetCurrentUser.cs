using Mediator;
using Radio.Application.Common;
using Radio.Domain.Accounts;
using Radio.Domain.Listening;

namespace Radio.Application.Accounts;

/// <summary>The signed-in caller's account.</summary>
public sealed record GetCurrentUser(int UserId) : IQuery<UserResult>;

public sealed class GetCurrentUserHandler(IUserAccounts accounts, IListenerTotals totals) : IQueryHandler<GetCurrentUser, UserResult>
{
    public async ValueTask<UserResult> Handle(GetCurrentUser query, CancellationToken cancellationToken)
    {
        // a valid token for a deleted account: the account is gone, not the caller's fault in the request
        var user = await accounts.FindAsync(query.UserId, cancellationToken)
            ?? throw new NotFoundException("The account of this token no longer exists.");
        // credit not yet stored counts: the total matches what the last heartbeat answered
        return UserResult.From(user, await totals.ShownTotalAsync(user, cancellationToken));
    }
}
