using Mediator;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Radio.Application.Station;

namespace Radio.Infrastructure.Station;

/// <summary>Tops up and repairs the stored schedule on every instance, every few seconds.</summary>
internal sealed partial class ScheduleKeeper(
    IServiceScopeFactory scopes, IOptions<StationOptions> options, TimeProvider clock, ILogger<ScheduleKeeper> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(options.Value.ScheduleIntervalSeconds), clock);
        do
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                await scope.ServiceProvider.GetRequiredService<ISender>().Send(new KeepScheduleAhead(), stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // a database hiccup (or a migration still running) must not stop the station: retry next tick
                LogFailed(logger, e);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not extend the station schedule")]
    private static partial void LogFailed(ILogger logger, Exception exception);
}
