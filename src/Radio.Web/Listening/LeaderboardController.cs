using Mediator;
using Microsoft.AspNetCore.Mvc;
using Radio.Application.Listening;
using Radio.Web.Accounts;

namespace Radio.Web.Listening;

[ApiController, Route("users/leaderboard")]
public sealed class LeaderboardController(IMediator mediator) : ControllerBase
{
    /// <summary>The 10 accounts with the most listening time, ties by id; accounts that never listened are left out.</summary>
    [HttpGet]
    [ProducesResponseType<IReadOnlyList<UserResponse>>(StatusCodes.Status200OK)]
    public async Task<IReadOnlyList<UserResponse>> Get(CancellationToken cancellationToken)
    {
        var result = await mediator.Send(new GetLeaderboard(), cancellationToken);
        return [.. result.Select(u => u.ToResponse())];
    }
}
