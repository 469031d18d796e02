using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Radio.Infrastructure.Instances;
using StackExchange.Redis;

namespace Radio.Infrastructure.Relay;

internal static class RelayServices
{
    /// <summary>With <c>Radio:Relay:Url</c> set, the sender that relays the station to that Icecast mount.</summary>
    public static IServiceCollection AddRelay(this IServiceCollection services, IConfiguration section)
    {
        var url = section.Get<RelayOptions>()?.Url;
        if (string.IsNullOrWhiteSpace(url))
        {
            return services;
        }

        if (!RelayTarget.TryParse(url, out var target, out var problem))
        {
            throw new InvalidOperationException(problem);
        }

        services.AddSingleton(target!);
        services.AddSingleton(sp => new RelayLease(sp.GetService<IConnectionMultiplexer>(), sp.GetService<InstanceId>()));
        services.AddHostedService<RelaySender>();
        return services;
    }
}
