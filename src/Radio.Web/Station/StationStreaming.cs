using System.Text;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace Radio.Web.Station;

internal static class StationStreaming
{
    /// <summary>
    /// Stream listeners served straight from their sockets (<see cref="StationSockets"/>), picked out by a transport
    /// that Kestrel prefers to its own for IP endpoints because it is registered after it (<see cref="StationTransport"/>);
    /// the rest through the HTTP pipeline (<see cref="StationStream"/>).
    /// </summary>
    public static IServiceCollection AddStationStreaming(this IServiceCollection services)
    {
        services.AddSingleton<ListenerSlots>();
        services.AddSingleton<StationStream>();
        services.AddSingleton<StationSockets>();
        services.AddHostedService(sp => sp.GetRequiredService<StationSockets>());
        services.AddSingleton<IConnectionListenerFactory, StationTransport>();
        // icy-name is the configured station name, which need not be ASCII: Kestrel sends it in UTF-8, as the
        // socket path does (and as Icecast passes on its source's name), instead of refusing the response
        services.Configure<KestrelServerOptions>(o => o.ResponseHeaderEncodingSelector = name =>
            string.Equals(name, "icy-name", StringComparison.OrdinalIgnoreCase) ? Encoding.UTF8 : null);
        return services;
    }

    /// <summary>
    /// The stream's endpoint, short-circuited so that it runs ahead of the rest of the pipeline (see
    /// <see cref="StationStream"/>); its metadata is what the OpenAPI document says of it.
    /// </summary>
    public static IEndpointConventionBuilder MapStationStream(this IEndpointRouteBuilder app) => app
        .MapGet(StationStream.Path, ([FromHeader(Name = "Icy-MetaData")] string? icyMetaData, StationStream stream, HttpContext http) =>
            stream.ServeAsync(http, string.Equals(icyMetaData?.Trim(), "1", StringComparison.Ordinal)))
        .WithTags("Radio")
        .WithSummary("The live station: one endless `audio/mpeg` response, paced at real time, that starts with a short burst.")
        .WithDescription("With the request header `Icy-MetaData: 1`, Icecast-style ICY metadata every `icy-metaint` bytes. "
            + "A 503 problem while the library is empty, and, with `Retry-After`, past the listener caps (in all and per client address).")
        .Produces<Stream>(StatusCodes.Status200OK, "audio/mpeg")
        .ProducesProblem(StatusCodes.Status503ServiceUnavailable)
        .ShortCircuit();
}
