using Mediator;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Radio.Application.Common;
using Radio.Application.Library;
using Radio.Web.Common;

namespace Radio.Web.Library;

[ApiController]
public sealed class TagsController(IMediator mediator) : ControllerBase
{
    /// <summary>A page of tags, each with its number of songs, by name.</summary>
    [HttpGet("tags")]
    [ProducesResponseType<IReadOnlyList<TagResponse>>(StatusCodes.Status200OK)]
    [ProducesResponseType<ValidationProblemDetails>(StatusCodes.Status400BadRequest)]
    public async Task<IReadOnlyList<TagResponse>> List(
        int limit = Page.DefaultLimit, int offset = 0, CancellationToken cancellationToken = default)
    {
        var tags = await mediator.Send(new ListTags(new Page(limit, offset)), cancellationToken);
        return [.. tags.Select(t => t.ToResponse())];
    }

    /// <summary>Vibe search: the songs whose tag scores are closest to the targets, by mean absolute error, then id.</summary>
    [HttpPost("tags/search")]
    [ProducesResponseType<IReadOnlyList<VibeSongResponse>>(StatusCodes.Status200OK)]
    [ProducesResponseType<ValidationProblemDetails>(StatusCodes.Status400BadRequest)]
    public async Task<IReadOnlyList<VibeSongResponse>> Search(
        IReadOnlyList<VibeTargetRequest> body, int limit = VibeSearch.DefaultLimit, CancellationToken cancellationToken = default)
    {
        var results = await mediator.Send(new VibeSearch([.. body.Select(t => t.ToTarget())], limit), cancellationToken);
        return [.. results.Select(r => r.ToResponse())];
    }

    /// <summary>A song's tag scores.</summary>
    [HttpGet("songs/{id:int}/tags")]
    [ProducesResponseType<IReadOnlyList<TagScoreResponse>>(StatusCodes.Status200OK)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound)]
    public async Task<IReadOnlyList<TagScoreResponse>> OfSong(int id, CancellationToken cancellationToken)
    {
        var scores = await mediator.Send(new GetSongTags(id), cancellationToken);
        return [.. scores.Select(s => s.ToResponse())];
    }

    /// <summary>Replaces a song's tag scores (admin, or an artist of the song); new names become tags.</summary>
    [HttpPut("songs/{id:int}/tags"), Authorize]
    [ProducesResponseType<IReadOnlyList<TagScoreResponse>>(StatusCodes.Status200OK)]
    [ProducesResponseType<ValidationProblemDetails>(StatusCodes.Status400BadRequest)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status401Unauthorized)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status403Forbidden)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status409Conflict)]
    public async Task<IReadOnlyList<TagScoreResponse>> Replace(
        int id, IReadOnlyList<TagScoreRequest> body, CancellationToken cancellationToken)
    {
        var scores = await mediator.Send(
            new ReplaceSongTags(id, [.. body.Select(s => s.ToInput())], User.UserId()), cancellationToken);
        return [.. scores.Select(s => s.ToResponse())];
    }
}
