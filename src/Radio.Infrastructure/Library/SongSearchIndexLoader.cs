using Microsoft.Extensions.Hosting;

namespace Radio.Infrastructure.Library;

/// <summary>Loads the search index in the background, so start-up does not wait for a big library.</summary>
internal sealed class SongSearchIndexLoader(SongSearchIndex index) : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken) => index.LoadAsync(stoppingToken);
}
