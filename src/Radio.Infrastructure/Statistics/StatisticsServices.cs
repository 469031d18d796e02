using Microsoft.Extensions.DependencyInjection;
using Radio.Domain.Statistics;

namespace Radio.Infrastructure.Statistics;

internal static class StatisticsServices
{
    /// <summary>The recording of ended sessions and the statistics read from it.</summary>
    public static IServiceCollection AddStatistics(this IServiceCollection services)
    {
        services.AddSingleton<StatsWriter>();
        services.AddSingleton<SessionRecorder>();
        services.AddHostedService(sp => sp.GetRequiredService<SessionRecorder>());
        services.AddScoped<IStationStatistics, StationStatistics>();
        services.AddScoped<ISongStatistics, SongStatistics>();
        return services;
    }
}
