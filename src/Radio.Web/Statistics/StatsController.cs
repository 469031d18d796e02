using Mediator;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Radio.Application.Statistics;
using Radio.Domain.Accounts;

namespace Radio.Web.Statistics;

[ApiController, Route("admin/stats"), Authorize(Roles = RoleNames.Admin)]
public sealed class StatsController(IMediator mediator) : ControllerBase
{
    /// <summary>
    /// The station's listening per UTC hour or day (<c>interval</c>, default <c>day</c>): every interval that starts in
    /// [<c>from</c>, <c>to</c>), from the one holding <c>from</c>; by default the last 7 days up to now, at most 366 days.
    /// A session counts whole in the interval it started in: its credited seconds in <c>listening_seconds</c>, its
    /// listener in <c>unique_listeners</c> (anonymous listeners by their listener id), its length (end − start) in
    /// <c>average_session_seconds</c> and <c>session_lengths</c>, even when it runs on into the next interval.
    /// With <c>Accept: text/csv</c>, the same as CSV with a header row, the buckets as <c>sessions_lt_1m</c> … <c>sessions_gt_2h</c>.
    /// </summary>
    [HttpGet]
    [ProducesResponseType<IReadOnlyList<StatsIntervalResponse>>(StatusCodes.Status200OK, "application/json", StatsCsvFormatter.MediaType)]
    [ProducesResponseType<ValidationProblemDetails>(StatusCodes.Status400BadRequest)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status401Unauthorized)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status403Forbidden)]
    public async Task<IReadOnlyList<StatsIntervalResponse>> Get(
        DateTimeOffset? from, DateTimeOffset? to, string? interval, CancellationToken cancellationToken) =>
        [.. (await mediator.Send(new GetStationStats(from, to, interval), cancellationToken)).Select(s => s.ToResponse())];
}
