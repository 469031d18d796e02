using Mediator;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Radio.Application.Common;
using Radio.Application.Favorites;
using Radio.Domain.Accounts;
using Radio.Web.Common;
using Radio.Web.Library;

namespace Radio.Web.Favorites;

/// <summary>The signed-in account's favourite songs; an anonymous listener's token is refused (403).</summary>
[ApiController, Route("users/me/favorites"), Authorize(Roles = $"{RoleNames.User},{RoleNames.Artist},{RoleNames.Admin}")]
[ProducesResponseType<ProblemDetails>(StatusCodes.Status401Unauthorized)]
[ProducesResponseType<ProblemDetails>(StatusCodes.Status403Forbidden)]
public sealed class FavoritesController(IMediator mediator) : ControllerBase
{
    /// <summary>The favourite songs, most recently added first.</summary>
    [HttpGet]
    [ProducesResponseType<IReadOnlyList<SongResponse>>(StatusCodes.Status200OK)]
    [ProducesResponseType<ValidationProblemDetails>(StatusCodes.Status400BadRequest)]
    public async Task<IReadOnlyList<SongResponse>> List(
        int limit = Page.DefaultLimit, int offset = 0, CancellationToken cancellationToken = default) =>
        [.. (await mediator.Send(new ListFavorites(User.RequiredUserId(), new Page(limit, offset)), cancellationToken))
            .Select(s => s.ToResponse())];

    /// <summary>Marks a song as a favourite; marking it again changes nothing.</summary>
    [HttpPut("{songId:int}")]
    [ProducesResponseType(StatusCodes.Status204NoContent)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound)]
    public async Task<NoContentResult> Add(int songId, CancellationToken cancellationToken)
    {
        await mediator.Send(new AddFavorite(User.RequiredUserId(), songId), cancellationToken);
        return NoContent();
    }

    /// <summary>Unmarks a favourite; unmarking a song that is not one changes nothing.</summary>
    [HttpDelete("{songId:int}")]
    [ProducesResponseType(StatusCodes.Status204NoContent)]
    public async Task<NoContentResult> Remove(int songId, CancellationToken cancellationToken)
    {
        await mediator.Send(new RemoveFavorite(User.RequiredUserId(), songId), cancellationToken);
        return NoContent();
    }
}
