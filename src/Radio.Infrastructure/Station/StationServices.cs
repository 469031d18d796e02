using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Radio.Application.Station;
using Radio.Domain.Station;

namespace Radio.Infrastructure.Station;

internal static class StationServices
{
    /// <summary>The stored schedule, its keeper, the one producer and the shared broadcast.</summary>
    public static IServiceCollection AddStation(this IServiceCollection services, IConfiguration section)
    {
        services.AddOptions<StationOptions>().Bind(section)
            // the name is sent as a response header: a line break in it would end the header early
            .Validate(o => !string.IsNullOrWhiteSpace(o.Name) && !o.Name.Any(char.IsControl),
                "Radio:Station:Name must be a non-empty name without control characters.")
            .Validate(o => StationSound.From(o).IsValid,
                "Radio:Station:SampleRate, Channels and BitrateKbps must be an MPEG Layer III format (32000/44100/48000 Hz at 32–320 kbit/s, 16000/22050/24000 Hz at 8–160 kbit/s; 1 or 2 channels), and LoudnessLufs between -70 and -5.")
            .Validate(o => o.RenditionWorkers is >= 1 and <= 64 && o.RenditionLeaseSeconds > 0 && o.RenditionPollSeconds > 0,
                "Radio:Station:RenditionWorkers must be 1–64, and the rendition lease and poll intervals positive.")
            .Validate(o => o.MaxListeners >= 1 && o.MaxListenersPerAddress >= 1,
                "Radio:Station:MaxListeners and MaxListenersPerAddress must be at least 1.")
            .ValidateOnStart();
        services.AddSingleton(sp => sp.GetRequiredService<IOptions<StationOptions>>().Value); // for Application and Web
        services.AddSingleton(sp =>
        {
            var o = sp.GetRequiredService<IOptions<StationOptions>>().Value;
            return new Broadcast(new BroadcastOptions(
                TimeSpan.FromSeconds(o.BurstSeconds), TimeSpan.FromSeconds(o.MaxLagSeconds), TimeSpan.FromMilliseconds(o.ChunkMilliseconds)));
        });
        services.AddSingleton<OnAir>();
        services.TryAddSingleton(Random.Shared);
        services.AddScoped<IStationSchedule, StationSchedule>();

        services.AddHostedService<ScheduleKeeper>();
        services.AddHostedService<StationProducer>();
        services.AddScoped<RenditionQueue>();
        services.AddHostedService<RenditionWorker>();
        return services;
    }

    /// <summary>Listeners' song requests and their rules.</summary>
    public static IServiceCollection AddSongRequests(this IServiceCollection services, IConfiguration section)
    {
        services.AddOptions<RequestOptions>().Bind(section)
            .Validate(o => o.RecentMinutes >= 0 && o.MaxPending >= 1 && o.IntervalMinutes >= 0,
                "Radio:Requests:RecentMinutes and IntervalMinutes must be 0 or more, and MaxPending at least 1.")
            .ValidateOnStart();
        services.AddSingleton(sp => sp.GetRequiredService<IOptions<RequestOptions>>().Value); // for Application
        services.AddScoped<ISongRequests, SongRequests>();
        return services;
    }
}
