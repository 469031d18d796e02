using Mediator;
using Microsoft.AspNetCore.Mvc;
using Radio.Application.Common;
using Radio.Application.Station;

namespace Radio.Web.Station;

[ApiController, Route("radio")]
public sealed class RadioController(IMediator mediator) : ControllerBase
{
    /// <summary>The song on air, its position, the live listener count and the next songs.</summary>
    [HttpGet("now-playing")]
    [ProducesResponseType<NowPlayingResponse>(StatusCodes.Status200OK)]
    public async Task<NowPlayingResponse> NowPlaying(CancellationToken cancellationToken) =>
        (await mediator.Send(new GetNowPlaying(), cancellationToken)).ToResponse();

    /// <summary>The songs played, newest first, each with when it started.</summary>
    [HttpGet("history")]
    [ProducesResponseType<IReadOnlyList<PlayedSongResponse>>(StatusCodes.Status200OK)]
    [ProducesResponseType<ValidationProblemDetails>(StatusCodes.Status400BadRequest)]
    public async Task<IReadOnlyList<PlayedSongResponse>> History(
        int limit = Page.DefaultLimit, int offset = 0, CancellationToken cancellationToken = default) =>
        [.. (await mediator.Send(new GetHistory(new Page(limit, offset)), cancellationToken)).Select(p => p.ToResponse())];
}
