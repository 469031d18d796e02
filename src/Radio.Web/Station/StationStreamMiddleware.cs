using Mediator;
using Radio.Application.Common;
using Radio.Application.Station;
using Radio.Domain.Station;

namespace Radio.Web.Station;

/// <summary>
/// Answers <c>GET /radio/stream</c> ahead of the rest of the pipeline. A listener's connection lives for hours, and
/// every middleware and MVC frame it passes through stays allocated for as long (request logging, authentication,
/// the action invoker and its filter contexts): several KiB per listener, times thousands of listeners. The stream
/// needs none of them: it is anonymous, not rate limited, and its one error (off the air) is left to the controller
/// action, which answers with the 503 problem through the normal pipeline and documents the endpoint.
/// </summary>
internal sealed class StationStreamMiddleware(
    RequestDelegate next, IServiceScopeFactory scopes, StationSettings settings, IHostApplicationLifetime lifetime)
{
    public const string Path = "/radio/stream";

    public Task InvokeAsync(HttpContext http) =>
        HttpMethods.IsGet(http.Request.Method) && http.Request.Path.Equals(Path, StringComparison.OrdinalIgnoreCase)
            ? StreamAsync(http)
            : next(http);

    private async Task StreamAsync(HttpContext http)
    {
        StationListener listener;
        // a scope just for the query: nothing request-scoped stays alive for the length of the stream
        await using (var scope = scopes.CreateAsyncScope())
        {
            try
            {
                listener = await scope.ServiceProvider.GetRequiredService<IMediator>().Send(new ListenToStation(), http.RequestAborted);
            }
            catch (ServiceUnavailableException)
            {
                await next(http); // off the air: the controller answers with the problem document
                return;
            }
        }

        await StationStream.WriteAsync(http, listener, settings.Name, lifetime.ApplicationStopping);
    }
}
