using System.Data.Common;
using System.Diagnostics;
using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Radio.Domain.Library;
using Radio.Infrastructure.Persistence;

namespace Radio.Infrastructure.Library;

/// <summary>The database side of the index: the start-up load and the per-song refresh.</summary>
internal sealed partial class SongSearchIndex : ISongSearchIndex, IDisposable
{
    private readonly IServiceScopeFactory? _scopes;
    private readonly ILogger _logger = NullLogger.Instance;
    private readonly TaskCompletionSource _loaded = new(TaskCreationOptions.RunContinuationsAsynchronously);

    // one refresh at a time, so a slow read can never overwrite a newer one
    private readonly SemaphoreSlim _refreshes = new(1, 1);
    private readonly Lock _pendingGate = new();

    // songs changed while the start-up load runs; null once it has finished
    private HashSet<int>? _pending = [];

    public SongSearchIndex(IServiceScopeFactory scopes, ILogger<SongSearchIndex> logger)
        : this()
    {
        _scopes = scopes;
        _logger = logger;
    }

    public Task WhenLoadedAsync(CancellationToken cancellationToken) => _loaded.Task.WaitAsync(cancellationToken);

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

    /// <summary>Reads the whole library into memory, then applies the changes that arrived meanwhile.</summary>
    public async Task LoadAsync(CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        await _refreshes.WaitAsync(cancellationToken);
        try
        {
            await using (var scope = Scopes.CreateAsyncScope())
            {
                var db = scope.ServiceProvider.GetRequiredService<RadioDbContext>();
                await db.Database.OpenConnectionAsync(cancellationToken);
                try
                {
                    // synchronous reads: the write lock belongs to this thread and must not cross an await
                    Write(() => LoadCore(db.Database.GetDbConnection(), cancellationToken));
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

            _loaded.TrySetResult();
            var elapsed = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            var megabytes = ApproximateBytes / (1024 * 1024);
            LogLoaded(_logger, Count, elapsed, megabytes);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            _loaded.TrySetCanceled(cancellationToken);
            throw;
        }
        finally
        {
            _refreshes.Release();
        }
    }

    public void Dispose()
    {
        _lock.Dispose();
        _refreshes.Dispose();
    }

    private IServiceScopeFactory Scopes =>
        _scopes ?? throw new InvalidOperationException("This index was built without a database.");

    private async Task RefreshCoreAsync(int songId, CancellationToken cancellationToken)
    {
        await using var scope = Scopes.CreateAsyncScope();
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
            Remove(songId);
            return;
        }

        Put(new IndexedSong(
            songId,
            row.TitleKey,
            [.. row.Artists.Select(a => new IndexedArtist(a.ArtistId, a.NameKey))],
            [.. row.Tags.Select(t => (t.TagId, t.Score))]));
    }

    /// <summary>Plain ADO.NET over the context's connection: a million songs in seconds, same SQL for both providers.</summary>
    private void LoadCore(DbConnection connection, CancellationToken cancellationToken)
    {
        var phase = Stopwatch.GetTimestamp();
        var artists = new Dictionary<int, IndexedArtist>();
        Read(connection, "SELECT id, name_key FROM artists", reader =>
        {
            var id = reader.GetInt32(0);
            artists[id] = new IndexedArtist(id, reader.GetString(1));
        }, cancellationToken);

        var songCount = 0;
        Read(connection, "SELECT COUNT(*) FROM songs",
            reader => songCount = Convert.ToInt32(reader.GetValue(0), CultureInfo.InvariantCulture), cancellationToken);

        // each song's artists must be one run in song, then position order; sorting here is cheaper than ORDER BY
        var runKeys = new List<long>(songCount + (songCount / 2));
        var runArtists = new List<int>(runKeys.Capacity);
        Read(connection, "SELECT song_id, position, artist_id FROM song_artists", reader =>
        {
            runKeys.Add(((long)reader.GetInt32(0) << 32) | (uint)reader.GetInt32(1));
            runArtists.Add(reader.GetInt32(2));
        }, cancellationToken);
        var keys = runKeys.ToArray();
        var artistIds = runArtists.ToArray();
        Array.Sort(keys, artistIds);
        var artistsMs = Lap(ref phase);

        Reset(songCount, songCount * 24);
        var titles = new List<string>(songCount);
        var next = 0;
        var songArtists = new List<IndexedArtist>(4);
        Read(connection, "SELECT id, title_key FROM songs ORDER BY id", reader =>
        {
            var songId = reader.GetInt32(0);
            songArtists.Clear();
            while (next < keys.Length && (int)(keys[next] >> 32) < songId)
            {
                next++;
            }

            for (; next < keys.Length && (int)(keys[next] >> 32) == songId; next++)
            {
                songArtists.Add(artists[artistIds[next]]);
            }

            var titleKey = reader.GetString(1);
            titles.Add(titleKey);
            AppendCore(new IndexedSong(songId, titleKey, songArtists, []));
        }, cancellationToken);
        var songsMs = Lap(ref phase);

        // slots were appended in id order, and rows usually arrive in song order: try the previous slot first
        var cursor = 0;
        Read(connection, "SELECT song_id, tag_id, score FROM song_tags", reader =>
        {
            var songId = reader.GetInt32(0);
            if (_songIds[cursor] != songId)
            {
                cursor = Array.BinarySearch(_songIds, 0, _slotCount, songId);
                if (cursor < 0)
                {
                    cursor = 0; // a song added after the songs were read: its refresh brings the tags
                    return;
                }
            }

            TagColumnFor(reader.GetInt32(1)).Set(cursor, reader.GetDouble(2));
        }, cancellationToken);
        var tagsMs = Lap(ref phase);

        TrimExcess();
        SortByTitle([.. titles]);
        var sortMs = Lap(ref phase);
        LogLoadPhases(_logger, artistsMs, songsMs, tagsMs, sortMs);
    }

    private static double Lap(ref long since)
    {
        var elapsed = Stopwatch.GetElapsedTime(since).TotalMilliseconds;
        since = Stopwatch.GetTimestamp();
        return elapsed;
    }

    private static void Read(DbConnection connection, string sql, Action<DbDataReader> row, CancellationToken cancellationToken)
    {
        using var command = connection.CreateCommand();
#pragma warning disable CA2100 // constant SQL written in this file, no input in it
        command.CommandText = sql;
#pragma warning restore CA2100
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            row(reader);
            cancellationToken.ThrowIfCancellationRequested();
        }
    }

    [LoggerMessage(Level = LogLevel.Information,
        Message = "Search index loaded {SongCount} songs in {ElapsedMilliseconds:F0} ms ({Megabytes} MB of arrays)")]
    private static partial void LogLoaded(ILogger logger, int songCount, double elapsedMilliseconds, long megabytes);

    [LoggerMessage(Level = LogLevel.Debug, Message =
        "Search index load: artists {ArtistsMs:F0} ms, songs {SongsMs:F0} ms, tags {TagsMs:F0} ms, title order {SortMs:F0} ms")]
    private static partial void LogLoadPhases(ILogger logger, double artistsMs, double songsMs, double tagsMs, double sortMs);
}
