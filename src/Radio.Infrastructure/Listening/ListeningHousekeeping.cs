using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Radio.Infrastructure.Persistence;

namespace Radio.Infrastructure.Listening;

/// <summary>
/// Ticks the listening state: writes due credit every flush interval (and everything at a graceful shutdown),
/// and forgets ended sessions; at a graceful shutdown every session in memory ends. It is registered after the
/// statistics' <see cref="Statistics.SessionRecorder"/>, so the host stops it first and the recorder then writes the
/// sessions it ended.
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
        sessions.EndAll();
        await totals.TryFlushAsync(everything: true, cancellationToken);
    }
}
