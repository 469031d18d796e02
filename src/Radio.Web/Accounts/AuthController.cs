using Mediator;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;
using Radio.Application.Accounts;
using Radio.Web.Common;

namespace Radio.Web.Accounts;

[ApiController, Route("auth")]
public sealed class AuthController(IMediator mediator) : ControllerBase
{
    /// <summary>Creates a listener account, or an artist account and its artist profile when <c>artist_name</c> is given.</summary>
    [HttpPost("register"), EnableRateLimiting(RateLimits.Auth)]
    [ProducesResponseType<AuthResponse>(StatusCodes.Status201Created)]
    [ProducesResponseType<ValidationProblemDetails>(StatusCodes.Status400BadRequest)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status409Conflict)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status429TooManyRequests)]
    public async Task<ActionResult<AuthResponse>> Register(RegisterRequest body, CancellationToken cancellationToken)
    {
        var result = await mediator.Send(
            new Register(body.Username ?? string.Empty, body.Password ?? string.Empty, body.ArtistName, HttpContext.RegisteringAnonymousListener()),
            cancellationToken);
        return Created("/users/me", result.ToResponse());
    }

    /// <summary>Exchanges a username and password for a bearer token.</summary>
    [HttpPost("login"), EnableRateLimiting(RateLimits.Auth)]
    [ProducesResponseType<AuthResponse>(StatusCodes.Status200OK)]
    [ProducesResponseType<ValidationProblemDetails>(StatusCodes.Status400BadRequest)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status401Unauthorized)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status429TooManyRequests)]
    public async Task<AuthResponse> Login(LoginRequest body, CancellationToken cancellationToken)
    {
        var result = await mediator.Send(new Login(body.Username ?? string.Empty, body.Password ?? string.Empty), cancellationToken);
        return result.ToResponse();
    }

    /// <summary>A token for a listener without an account; nothing is stored.</summary>
    [HttpPost("anonymous")]
    [ProducesResponseType<AnonymousResponse>(StatusCodes.Status200OK)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status429TooManyRequests)]
    public async Task<AnonymousResponse> Anonymous(CancellationToken cancellationToken)
    {
        await HttpContext.AdmitAnonymousListenerAsync();
        var result = await mediator.Send(new StartAnonymousSession(), cancellationToken);
        return result.ToResponse();
    }
}
