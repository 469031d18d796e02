using Mediator;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Radio.Application.Common;
using Radio.Application.Library;
using Radio.Domain.Accounts;
using Radio.Web.Common;

namespace Radio.Web.Library;

[ApiController, Route("albums")]
public sealed class AlbumsController(IMediator mediator) : ControllerBase
{
    /// <summary>A page of albums by title.</summary>
    [HttpGet]
    [ProducesResponseType<IReadOnlyList<AlbumResponse>>(StatusCodes.Status200OK)]
    [ProducesResponseType<ValidationProblemDetails>(StatusCodes.Status400BadRequest)]
    public async Task<IReadOnlyList<AlbumResponse>> List(
        int limit = Page.DefaultLimit, int offset = 0, CancellationToken cancellationToken = default)
    {
        var albums = await mediator.Send(new ListAlbums(new Page(limit, offset)), cancellationToken);
        return albums.ToResponse();
    }

    /// <summary>One album with its songs.</summary>
    [HttpGet("{id:int}")]
    [ProducesResponseType<AlbumDetailResponse>(StatusCodes.Status200OK)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound)]
    public async Task<AlbumDetailResponse> Get(int id, CancellationToken cancellationToken)
    {
        var album = await mediator.Send(new GetAlbum(id), cancellationToken);
        return album.ToResponse();
    }

    /// <summary>Creates an album: an artist for its own artist, an admin for any.</summary>
    [HttpPost, Authorize(Roles = $"{RoleNames.Artist},{RoleNames.Admin}")]
    [ProducesResponseType<AlbumResponse>(StatusCodes.Status201Created)]
    [ProducesResponseType<ValidationProblemDetails>(StatusCodes.Status400BadRequest)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status401Unauthorized)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status403Forbidden)]
    public async Task<ActionResult<AlbumResponse>> Create(CreateAlbumRequest body, CancellationToken cancellationToken)
    {
        var album = await mediator.Send(new CreateAlbum(User.RequiredUserId(), body.Title, body.ArtistId), cancellationToken);
        return Created($"/albums/{album.Id}", album.ToResponse());
    }
}
