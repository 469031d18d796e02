using Mediator;
using Microsoft.AspNetCore.Mvc;
using Radio.Application.Listening;

namespace Radio.Web.Listening;

[ApiController, Route("users/leaderboard")]
public sealed class LeaderboardController(IMediator mediator) : ControllerBase
{
    /// <summary>
    /// The accounts with the most listening time, ties by id; accounts that never listened are left out.
    /// <c>period=month|week|day</c> ranks the credit stored in that UTC calendar period (weeks start on Monday), given
    /// as <c>period_seconds</c>.
    /// </summary>
    [HttpGet]
    [ProducesResponseType<IReadOnlyList<LeaderboardEntryResponse>>(StatusCodes.Status200OK)]
    [ProducesResponseType<ValidationProblemDetails>(StatusCodes.Status400BadRequest)]
    public async Task<IReadOnlyList<LeaderboardEntryResponse>> Get(
        string period = GetLeaderboard.All, int limit = GetLeaderboard.Size, CancellationToken cancellationToken = default)
    {
        var result = await mediator.Send(new GetLeaderboard(period, limit), cancellationToken);
        return [.. result.Select(e => e.ToResponse())];
    }
}
