namespace Radio.Web.Common;

/// <summary>A <c>detail</c> for the problems the framework writes without one (unknown route, 405, bare 401, model binding).</summary>
internal static class ProblemDefaults
{
    public static string DetailFor(int? status) => status switch
    {
        StatusCodes.Status400BadRequest => "The request is malformed or invalid; see errors.",
        StatusCodes.Status401Unauthorized => "A valid bearer token is required.",
        StatusCodes.Status403Forbidden => "Your account is not allowed to do this.",
        StatusCodes.Status404NotFound => "Nothing is at this address.",
        StatusCodes.Status405MethodNotAllowed => "This address does not accept that method.",
        StatusCodes.Status413PayloadTooLarge => "The request body is larger than this endpoint accepts.",
        StatusCodes.Status415UnsupportedMediaType => "This endpoint does not accept that content type.",
        StatusCodes.Status500InternalServerError => "An unexpected error occurred.",
        StatusCodes.Status503ServiceUnavailable => "The service cannot answer now; try again later.",
        _ => "The request failed.",
    };
}
