using Mediator;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;
using Radio.Application.Listening;
using Radio.Web.Common;

namespace Radio.Web.Listening;

[ApiController, Route("api/heartbeat")]
public sealed class HeartbeatController(IMediator mediator) : ControllerBase
{
    /// <summary>
    /// Credits the time listened since the previous heartbeat, for the listener of the bearer token or, without one,
    /// of the <c>radio_listener</c> cookie (set on the first heartbeat).
    /// </summary>
    [HttpPost, EnableRateLimiting(RateLimits.Heartbeat), RequestSizeLimit(BodyLimits.Heartbeat)]
    [ProducesResponseType<HeartbeatResponse>(StatusCodes.Status200OK)]
    [ProducesResponseType<ValidationProblemDetails>(StatusCodes.Status400BadRequest)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status401Unauthorized)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status413PayloadTooLarge)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status429TooManyRequests)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status503ServiceUnavailable)]
    public async Task<HeartbeatResponse> Post(HeartbeatRequest body, CancellationToken cancellationToken)
    {
        var permitsPerMinute = await HttpContext.AdmitHeartbeatAsync();
        var (listener, username) = await HttpContext.IdentifyListenerAsync();
        var result = await mediator.Send(
            new RecordHeartbeat(listener, username, body.ConnectTime, body.PlayedSeconds, permitsPerMinute), cancellationToken);
        return result.ToResponse();
    }
}
