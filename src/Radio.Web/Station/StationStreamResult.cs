using Microsoft.AspNetCore.Mvc;
using Radio.Application.Station;
using Radio.Domain.Station;

namespace Radio.Web.Station;

/// <summary>The MVC form of <see cref="StationStream"/> (on air, <see cref="StationStreamMiddleware"/> answers first).</summary>
public sealed class StationStreamResult(StationListener listener) : IActionResult
{
    public Task ExecuteResultAsync(ActionContext context)
    {
        var services = context.HttpContext.RequestServices;
        return StationStream.WriteAsync(
            context.HttpContext,
            listener,
            services.GetRequiredService<Broadcast>(),
            services.GetRequiredService<StationSettings>().Name,
            services.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping);
    }
}
