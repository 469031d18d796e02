using Mediator;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Radio.Application.Statistics;
using Radio.Domain.Accounts;
using Radio.Web.Common;
using Radio.Web.Library;

namespace Radio.Web.Statistics;

[ApiController, Route("artists/{id:int}/stats"), Authorize(Roles = $"{RoleNames.User},{RoleNames.Artist},{RoleNames.Admin}")]
public sealed class ArtistStatsController(IMediator mediator) : ControllerBase
{
    /// <summary>
    /// Per song of the artist, every one of them, over [<c>from</c>, <c>to</c>) (by default the last 7 days up to now,
    /// at most 366 days), most listened first, then by song id; for the artist's own accounts and admins (403 for
    /// anyone else). <c>listening_seconds</c>: the seconds all listeners, signed in or anonymous, were credited while
    /// a play of the song that started in the range was on the air (stored by the batched flush, so the latest
    /// seconds may not be counted yet); <c>listens</c>: the listens of those plays; <c>requests</c>: the requests made
    /// in the range, played or waiting (withdrawn ones not); <c>favorites</c>: the favourites added in the range that
    /// are still held.
    /// </summary>
    [HttpGet]
    [ProducesResponseType<IReadOnlyList<SongStatsResponse>>(StatusCodes.Status200OK)]
    [ProducesResponseType<ValidationProblemDetails>(StatusCodes.Status400BadRequest)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status401Unauthorized)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status403Forbidden)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound)]
    public async Task<IReadOnlyList<SongStatsResponse>> Get(
        int id, DateTimeOffset? from, DateTimeOffset? to, CancellationToken cancellationToken) =>
        [.. (await mediator.Send(new GetArtistStats(id, User.RequiredUserId(), from, to), cancellationToken))
            .Select(StatsMapper.ToResponse)];
}
