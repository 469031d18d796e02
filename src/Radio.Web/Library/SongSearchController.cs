using Mediator;
using Microsoft.AspNetCore.Mvc;
using Radio.Application.Common;
using Radio.Application.Library;

namespace Radio.Web.Library;

[ApiController, Route("songs")]
public sealed class SongSearchController(IMediator mediator) : ControllerBase
{
    /// <summary>
    /// Songs whose title or any artist name contains <paramref name="q"/>, ignoring case and accents: exact title
    /// matches first, then title prefixes, then other matches, each by title. Without <c>q</c>, all songs by title.
    /// </summary>
    [HttpGet]
    [ProducesResponseType<IReadOnlyList<SongResponse>>(StatusCodes.Status200OK)]
    [ProducesResponseType<ValidationProblemDetails>(StatusCodes.Status400BadRequest)]
    public async Task<IReadOnlyList<SongResponse>> Search(
        string? q, int limit = Page.DefaultLimit, int offset = 0, CancellationToken cancellationToken = default)
    {
        var songs = await mediator.Send(new SearchSongs(q, new Page(limit, offset)), cancellationToken);
        return [.. songs.Select(s => s.ToResponse())];
    }
}
