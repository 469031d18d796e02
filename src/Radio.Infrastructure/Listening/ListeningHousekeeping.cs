using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Radio.Infrastructure.Persistence;

namespace Radio.Infrastructure.Listening;

/// <summary>
/// Ticks the listening state: writes due credit every flush interval (and everything at a graceful shutdown),
/// and forgets ended sessions.
/// </summary>
internal sealed class ListeningHousekeeping(
    ListenerTotals totals, InMemoryListeningSessions sessions, TimeProvider clock, IOptions<RadioOptions> options)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(options.Value.Listening.FlushIntervalSeconds), clock);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                await totals.TryFlushAsync(everything: false, stoppingToken);
                sessions.RemoveEnded(clock.GetUtcNow());
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // stopping: StopAsync writes what is left
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        await totals.TryFlushAsync(everything: true, cancellationToken);
    }
}
