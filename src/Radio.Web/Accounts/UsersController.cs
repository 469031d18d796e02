using Mediator;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Radio.Application.Accounts;
using Radio.Domain.Accounts;
using Radio.Web.Common;

namespace Radio.Web.Accounts;

[ApiController, Route("users")]
public sealed class UsersController(IMediator mediator) : ControllerBase
{
    /// <summary>The signed-in caller as a User object.</summary>
    [HttpGet("me"), Authorize(Roles = $"{RoleNames.User},{RoleNames.Artist},{RoleNames.Admin}")]
    [ProducesResponseType<UserResponse>(StatusCodes.Status200OK)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status401Unauthorized)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status403Forbidden)]
    public async Task<UserResponse> Me(CancellationToken cancellationToken)
    {
        var result = await mediator.Send(new GetCurrentUser(User.RequiredUserId()), cancellationToken);
        return result.ToResponse();
    }
}
