using Mediator;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Radio.Application.Common;
using Radio.Application.Station;
using Radio.Domain.Accounts;
using Radio.Web.Common;

namespace Radio.Web.Station;

[ApiController, Route("radio/requests")]
public sealed class RequestsController(IMediator mediator) : ControllerBase
{
    /// <summary>The requests waiting to play, in the order they will play.</summary>
    [HttpGet]
    [ProducesResponseType<IReadOnlyList<SongRequestResponse>>(StatusCodes.Status200OK)]
    [ProducesResponseType<ValidationProblemDetails>(StatusCodes.Status400BadRequest)]
    public async Task<IReadOnlyList<SongRequestResponse>> List(
        int limit = Page.DefaultLimit, int offset = 0, CancellationToken cancellationToken = default) =>
        [.. (await mediator.Send(new ListRequests(new Page(limit, offset)), cancellationToken)).Select(r => r.ToResponse())];

    /// <summary>
    /// Requests a song: it plays after the song on the air and the requests before it. 409 (the detail says why) when
    /// it is already waiting, on the air within <c>Radio:Requests:RecentMinutes</c>, not ready for the station, or the
    /// queue is full; 429 with <c>Retry-After</c> within <c>Radio:Requests:IntervalMinutes</c> of the caller's last request.
    /// </summary>
    [HttpPost, Authorize(Roles = $"{RoleNames.User},{RoleNames.Artist},{RoleNames.Admin}")]
    [ProducesResponseType<SongRequestResponse>(StatusCodes.Status201Created)]
    [ProducesResponseType<ValidationProblemDetails>(StatusCodes.Status400BadRequest)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status401Unauthorized)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status403Forbidden)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status409Conflict)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status429TooManyRequests)]
    public async Task<ActionResult<SongRequestResponse>> Create(RequestSongRequest body, CancellationToken cancellationToken)
    {
        var request = await mediator.Send(new RequestSong(body.SongId, User.RequiredUserId()), cancellationToken);
        return Created($"/radio/requests/{request.Id}", request.ToResponse());
    }

    /// <summary>Withdraws a request that has not started playing: its requester or an admin.</summary>
    [HttpDelete("{id:int}"), Authorize(Roles = $"{RoleNames.User},{RoleNames.Artist},{RoleNames.Admin}")]
    [ProducesResponseType(StatusCodes.Status204NoContent)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status401Unauthorized)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status403Forbidden)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status409Conflict)]
    public async Task<NoContentResult> Delete(int id, CancellationToken cancellationToken)
    {
        await mediator.Send(new WithdrawRequest(id, User.RequiredUserId()), cancellationToken);
        return NoContent();
    }
}
