using System.Diagnostics;
using Mediator;
using Radio.Application.Station;
using Radio.Domain.Station;

namespace Radio.Web.Station;

/// <summary>
/// Answers <c>GET /radio/stream</c> ahead of the rest of the pipeline. A listener's connection lives for hours, and
/// every middleware and MVC frame it passes through stays allocated for as long (request logging, authentication,
/// the action invoker and its filter contexts): several KiB per listener, times thousands of listeners. The stream
/// needs none of them: it is anonymous and not rate limited. Any failure to start (off the air: 503; anything else)
/// is left to the controller action, which answers through the normal pipeline with its problem document and log
/// event; a stream that did start writes the same request event itself when it ends.
/// </summary>
internal sealed class StationStreamMiddleware(
    RequestDelegate next, IServiceScopeFactory scopes, Broadcast broadcast, StationSettings settings,
    IHostApplicationLifetime lifetime, ILogger<StationStreamMiddleware> logger)
{
    public Task InvokeAsync(HttpContext http) =>
        HttpMethods.IsGet(http.Request.Method) && http.Request.Path.Equals(StationStream.Path, StringComparison.OrdinalIgnoreCase)
            ? StreamAsync(http)
            : next(http);

    private async Task StreamAsync(HttpContext http)
    {
        var started = Stopwatch.GetTimestamp();
        StationListener listener;
        // a scope just for the query: nothing request-scoped stays alive for the length of the stream
        await using (var scope = scopes.CreateAsyncScope())
        {
            try
            {
                listener = await scope.ServiceProvider.GetRequiredService<IMediator>().Send(
                    new ListenToStation(StationStream.WantsIcy(http.Request.Headers["Icy-MetaData"])), http.RequestAborted);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // off the air (503) or a failure: the pipeline asks again and answers with the problem document
                await next(http);
                return;
            }
        }

        try
        {
            await StationStream.WriteAsync(http, listener, broadcast, settings.Name, lifetime.ApplicationStopping);
        }
        finally
        {
            var elapsed = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            StationStream.LogRequest(logger, http.Request.Method, StationStream.Path, http.Response.StatusCode, elapsed);
        }
    }
}
