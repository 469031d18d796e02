using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Radio.Domain.Library;
using Radio.Infrastructure.Persistence;

namespace Radio.Infrastructure.Library.Search;

/// <summary>
/// Fills the search index from the database and keeps it current. The whole library loads in the background, so
/// start-up does not wait for a big library; a database that is not reachable yet is retried with a growing pause
/// (searches wait for the load) instead of stopping the server. After that, each changed song is read again on its own.
/// </summary>
internal sealed partial class SongSearchIndexLoader(
    SongSearchIndex index, IServiceScopeFactory scopes, TimeProvider clock, ILogger<SongSearchIndexLoader> logger)
    : BackgroundService, ISongSearchIndexLoader
{
    private static readonly TimeSpan MaxPause = TimeSpan.FromSeconds(30);

    // one refresh at a time, so a slow read can never overwrite a newer one
    private readonly SemaphoreSlim _refreshes = new(1, 1);
    private readonly Lock _pendingGate = new();

    // songs changed while the start-up load runs; null once it has finished
    private HashSet<int>? _pending = [];

    public async Task RefreshAsync(int songId, CancellationToken cancellationToken)
    {
        lock (_pendingGate)
        {
            if (_pending is not null)
            {
                _pending.Add(songId);
                return;
            }
        }

        await _refreshes.WaitAsync(cancellationToken);
        try
        {
            await RefreshCoreAsync(songId, cancellationToken);
        }
        finally
        {
            _refreshes.Release();
        }
    }

    /// <summary>Reads the whole library into the index, applies the changes that arrived meanwhile, then lets searches in.</summary>
    public async Task LoadAsync(CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        await _refreshes.WaitAsync(cancellationToken);
        try
        {
            await using (var scope = scopes.CreateAsyncScope())
            {
                var db = scope.ServiceProvider.GetRequiredService<RadioDbContext>();
                await db.Database.OpenConnectionAsync(cancellationToken);
                try
                {
                    LibraryRows.LoadInto(index, db.Database.GetDbConnection(), logger, cancellationToken);
                }
                finally
                {
                    await db.Database.CloseConnectionAsync();
                }
            }

            HashSet<int> pending;
            lock (_pendingGate)
            {
                pending = _pending ?? [];
                _pending = null;
            }

            foreach (var songId in pending)
            {
                await RefreshCoreAsync(songId, cancellationToken);
            }

            index.MarkLoaded();
            var elapsed = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            var megabytes = index.ApproximateBytes / (1024 * 1024);
            LogLoaded(logger, index.Count, elapsed, megabytes);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            index.CancelLoad(cancellationToken);
            throw;
        }
        finally
        {
            _refreshes.Release();
        }
    }

    public override void Dispose()
    {
        _refreshes.Dispose();
        base.Dispose();
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var pause = TimeSpan.FromSeconds(1);
        while (true)
        {
            try
            {
                await LoadAsync(stoppingToken);
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

    private async Task RefreshCoreAsync(int songId, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<RadioDbContext>();
        var row = await db.Songs.AsNoTracking()
            .Where(s => s.Id == songId)
            .Select(s => new
            {
                s.TitleKey,
                Artists = s.Artists.OrderBy(a => a.Position).Select(a => new { a.ArtistId, a.Artist!.NameKey }).ToList(),
                Tags = s.Tags.Select(t => new { t.TagId, t.Score }).ToList(),
            })
            .AsSplitQuery()
            .FirstOrDefaultAsync(cancellationToken);
        if (row is null)
        {
            index.Remove(songId);
            return;
        }

        index.Put(new IndexedSong(
            songId,
            row.TitleKey,
            [.. row.Artists.Select(a => new IndexedArtist(a.ArtistId, a.NameKey))],
            [.. row.Tags.Select(t => (t.TagId, t.Score))]));
    }

    [LoggerMessage(Level = LogLevel.Information,
        Message = "Search index loaded {SongCount} songs in {ElapsedMilliseconds:F0} ms ({Megabytes} MB of arrays)")]
    private static partial void LogLoaded(ILogger logger, int songCount, double elapsedMilliseconds, long megabytes);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not load the search index; retrying in {Seconds} s")]
    private static partial void LogRetrying(ILogger logger, double seconds, Exception exception);
}
