using Microsoft.AspNetCore.Connections;

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
        return services;
    }
}
