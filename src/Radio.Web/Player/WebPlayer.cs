using Microsoft.Net.Http.Headers;

namespace Radio.Web.Player;

internal static class WebPlayer
{
    /// <summary>
    /// The web player: <c>wwwroot</c> as it is in the repository (plain HTML, CSS and JavaScript modules, no build
    /// step), <c>index.html</c> at <c>/</c>. The files are not fingerprinted, so browsers keep them but ask again
    /// each time (<c>no-cache</c>), and the ETag makes that a 304 when nothing changed. The page loads nothing
    /// from anywhere else, and its policy says so.
    /// </summary>
    public static IApplicationBuilder UseWebPlayer(this IApplicationBuilder app) => app
        .UseDefaultFiles()
        .UseStaticFiles(new StaticFileOptions
        {
            OnPrepareResponse = context =>
            {
                var headers = context.Context.Response.Headers;
                headers.CacheControl = "no-cache";
                if (context.File.Name.EndsWith(".html", StringComparison.OrdinalIgnoreCase))
                {
                    headers[HeaderNames.ContentSecurityPolicy] =
                        "default-src 'self'; img-src 'self' data:; media-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'";
                }
            },
        });
}
