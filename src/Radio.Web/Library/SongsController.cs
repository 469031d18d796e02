using Mediator;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Net.Http.Headers;
using Radio.Application.Library;
using Radio.Domain.Accounts;
using Radio.Web.Common;

namespace Radio.Web.Library;

[ApiController, Route("songs")]
public sealed class SongsController(IMediator mediator, SongUploadReader uploads) : ControllerBase
{
    private const int MediaCacheSeconds = 3600;

    /// <summary>One song.</summary>
    [HttpGet("{id:int}")]
    [ProducesResponseType<SongResponse>(StatusCodes.Status200OK)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound)]
    public async Task<SongResponse> Get(int id, CancellationToken cancellationToken)
    {
        var song = await mediator.Send(new GetSong(id), cancellationToken);
        return song.ToResponse();
    }

    /// <summary>
    /// Uploads a song as multipart/form-data: <c>file</c> (MP3), optional <c>image</c> (PNG), <c>title</c>,
    /// optional <c>album_id</c> and <c>artist_ids</c> (comma-separated). The body is streamed, never buffered whole.
    /// </summary>
    [HttpPost("upload"), Authorize(Roles = $"{RoleNames.Artist},{RoleNames.Admin}"), EnableRateLimiting(ConcurrentUploads.Policy)]
    [DisableFormValueModelBinding, Consumes("multipart/form-data")]
    [ProducesResponseType<SongResponse>(StatusCodes.Status201Created)]
    [ProducesResponseType<ValidationProblemDetails>(StatusCodes.Status400BadRequest)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status401Unauthorized)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status403Forbidden)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status413PayloadTooLarge)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status415UnsupportedMediaType)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status429TooManyRequests)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status507InsufficientStorage)]
    public async Task<ActionResult<SongResponse>> Upload(CancellationToken cancellationToken)
    {
        var command = await uploads.ReadAsync(Request, User.RequiredUserId(), cancellationToken);
        var song = await mediator.Send(command, cancellationToken);
        return Created($"/songs/{song.Id}", song.ToResponse());
    }

    /// <summary>Deletes a song with its audio and image: an admin, or an artist of the song.</summary>
    [HttpDelete("{id:int}"), Authorize(Roles = $"{RoleNames.Artist},{RoleNames.Admin}")]
    [ProducesResponseType(StatusCodes.Status204NoContent)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status401Unauthorized)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status403Forbidden)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound)]
    public async Task<NoContentResult> Delete(int id, CancellationToken cancellationToken)
    {
        await mediator.Send(new RemoveSong(id, User.RequiredUserId()), cancellationToken);
        return NoContent();
    }

    /// <summary>The song's album art (PNG); 404 when it has none.</summary>
    [HttpGet("{id:int}/image"), ResponseCache(Duration = MediaCacheSeconds, Location = ResponseCacheLocation.Any)]
    [ProducesResponseType<FileStreamResult>(StatusCodes.Status200OK, "image/png")]
    [ProducesResponseType(StatusCodes.Status304NotModified)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound)]
    public async Task<FileStreamResult> Image(int id, CancellationToken cancellationToken)
    {
        var file = await mediator.Send(new GetSongMedia(id, SongMediaKind.Image), cancellationToken);
        return File(file.Content, "image/png", lastModified: null, EntityTagOf(file));
    }

    /// <summary>The song's MP3, honouring Range (206) and If-None-Match (304).</summary>
    [HttpGet("{id:int}/audio"), ResponseCache(Duration = MediaCacheSeconds, Location = ResponseCacheLocation.Any)]
    [ProducesResponseType<FileStreamResult>(StatusCodes.Status200OK, "audio/mpeg")]
    [ProducesResponseType<FileStreamResult>(StatusCodes.Status206PartialContent, "audio/mpeg")]
    [ProducesResponseType(StatusCodes.Status304NotModified)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound)]
    [ProducesResponseType(StatusCodes.Status416RangeNotSatisfiable)]
    public async Task<FileStreamResult> Audio(int id, CancellationToken cancellationToken)
    {
        var file = await mediator.Send(new GetSongMedia(id, SongMediaKind.Audio), cancellationToken);
        return File(file.Content, "audio/mpeg", lastModified: null, EntityTagOf(file), enableRangeProcessing: true);
    }

    private static EntityTagHeaderValue EntityTagOf(MediaFile file) => new($"\"{file.Key}\"");
}
