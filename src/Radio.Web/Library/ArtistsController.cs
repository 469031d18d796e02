using Mediator;
using Microsoft.AspNetCore.Mvc;
using Radio.Application.Common;
using Radio.Application.Library;

namespace Radio.Web.Library;

[ApiController, Route("artists")]
public sealed class ArtistsController(IMediator mediator) : ControllerBase
{
    /// <summary>A page of artists by name, each with its song count.</summary>
    [HttpGet]
    [ProducesResponseType<IReadOnlyList<ArtistResponse>>(StatusCodes.Status200OK)]
    [ProducesResponseType<ValidationProblemDetails>(StatusCodes.Status400BadRequest)]
    public async Task<IReadOnlyList<ArtistResponse>> List(
        int limit = Page.DefaultLimit, int offset = 0, CancellationToken cancellationToken = default)
    {
        var artists = await mediator.Send(new ListArtists(new Page(limit, offset)), cancellationToken);
        return artists.ToResponse();
    }

    /// <summary>One artist with its song count.</summary>
    [HttpGet("{id:int}")]
    [ProducesResponseType<ArtistResponse>(StatusCodes.Status200OK)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound)]
    public async Task<ArtistResponse> Get(int id, CancellationToken cancellationToken)
    {
        var artist = await mediator.Send(new GetArtist(id), cancellationToken);
        return artist.ToResponse();
    }
}
