using Mediator;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Radio.Application.Common;
using Radio.Application.Listens;
using Radio.Domain.Accounts;
using Radio.Web.Common;
using Radio.Web.Library;

namespace Radio.Web.Listens;

/// <summary>The signed-in account's server-verified listens; an anonymous listener's token is refused (403).</summary>
[ApiController, Route("users/me/listens"), Authorize(Roles = $"{RoleNames.User},{RoleNames.Artist},{RoleNames.Admin}")]
[ProducesResponseType<ProblemDetails>(StatusCodes.Status401Unauthorized)]
[ProducesResponseType<ProblemDetails>(StatusCodes.Status403Forbidden)]
[ProducesResponseType<ValidationProblemDetails>(StatusCodes.Status400BadRequest)]
public sealed class ListensController(IMediator mediator) : ControllerBase
{
    /// <summary>The listens, newest first: a song counts once its credit while it was on the air reached half its length or 240 s.</summary>
    [HttpGet]
    [ProducesResponseType<IReadOnlyList<ListenResponse>>(StatusCodes.Status200OK)]
    public async Task<IReadOnlyList<ListenResponse>> List(
        int limit = Page.DefaultLimit, int offset = 0, CancellationToken cancellationToken = default) =>
        [.. (await mediator.Send(new ListListens(User.RequiredUserId(), new Page(limit, offset)), cancellationToken))
            .Select(l => new ListenResponse(l.Song.ToResponse(), l.ListenedAt, l.CreditedSeconds))];

    /// <summary>
    /// The same listens as the <c>payload</c> array of a ListenBrainz <c>import</c> submission, at most 1000 a page
    /// (ListenBrainz's limit per submission).
    /// </summary>
    [HttpGet("export")]
    [ProducesResponseType<IReadOnlyList<ListenBrainzListen>>(StatusCodes.Status200OK)]
    public async Task<IReadOnlyList<ListenBrainzListen>> Export(
        int limit = ExportListens.MaxLimit, int offset = 0, CancellationToken cancellationToken = default) =>
        [.. (await mediator.Send(new ExportListens(User.RequiredUserId(), new Page(limit, offset)), cancellationToken))
            .Select(l => new ListenBrainzListen(
                l.ListenedAt,
                new ListenBrainzTrackMetadata(
                    l.ArtistName, l.TrackName, l.ReleaseName,
                    new ListenBrainzAdditionalInfo(l.DurationMs, ExportListens.SubmissionClient))))];
}
