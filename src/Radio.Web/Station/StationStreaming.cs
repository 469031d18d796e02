using System.Text;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace Radio.Web.Station;

internal static class StationStreaming
{
    /// <summary>
    /// Stream listeners served straight from their sockets (<see cref="StationSockets"/>), picked out by a transport
    /// that Kestrel prefers to its own for IP endpoints because it is registered after it (<see cref="StationTransport"/>).
    /// </summary>
    public static IServiceCollection AddStationStreaming(this IServiceCollection services)
    {
        services.AddSingleton<StationSockets>();
        services.AddHostedService(sp => sp.GetRequiredService<StationSockets>());
        services.AddSingleton<IConnectionListenerFactory, StationTransport>();
        // icy-name is the configured station name, which need not be ASCII: Kestrel sends it in UTF-8, as the
        // socket path does (and as Icecast passes on its source's name), instead of refusing the response
        services.Configure<KestrelServerOptions>(o => o.ResponseHeaderEncodingSelector = name =>
            string.Equals(name, "icy-name", StringComparison.OrdinalIgnoreCase) ? Encoding.UTF8 : null);
        return services;
    }
}
