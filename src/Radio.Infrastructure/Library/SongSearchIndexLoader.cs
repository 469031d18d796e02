using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Radio.Infrastructure.Library;

/// <summary>
/// Loads the search index in the background, so start-up does not wait for a big library. A database that is not
/// reachable yet is retried with a growing pause (searches wait for the load) instead of stopping the server.
/// </summary>
internal sealed partial class SongSearchIndexLoader(SongSearchIndex index, TimeProvider clock, ILogger<SongSearchIndexLoader> logger)
    : BackgroundService
{
    private static readonly TimeSpan MaxPause = TimeSpan.FromSeconds(30);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var pause = TimeSpan.FromSeconds(1);
        while (true)
        {
            try
            {
                await index.LoadAsync(stoppingToken);
                return;
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                LogRetrying(logger, pause.TotalSeconds, e);
            }

            await Task.Delay(pause, clock, stoppingToken);
            pause = TimeSpan.FromTicks(Math.Min(pause.Ticks * 2, MaxPause.Ticks));
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not load the search index; retrying in {Seconds} s")]
    private static partial void LogRetrying(ILogger logger, double seconds, Exception exception);
}
