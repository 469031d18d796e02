using System.Data.Common;
using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.Logging;

namespace Radio.Infrastructure.Library.Search;

/// <summary>
/// The start-up read of the whole library into the index: plain ADO.NET over the context's connection, a million songs
/// in seconds, the same SQL for every provider.
/// </summary>
internal static partial class LibraryRows
{
    /// <summary>Synchronous reads: the index's write lock is held while the songs and tags go in, and must not cross an await.</summary>
    public static void LoadInto(SongSearchIndex index, DbConnection connection, ILogger logger, CancellationToken cancellationToken)
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

        var (songsMs, tagsMs) = (0.0, 0.0);
        index.Load(songCount, load =>
        {
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

                load.AddSong(songId, reader.GetString(1), songArtists);
            }, cancellationToken);
            songsMs = Lap(ref phase);

            Read(connection, "SELECT song_id, tag_id, score FROM song_tags",
                reader => load.AddTag(reader.GetInt32(0), reader.GetInt32(1), reader.GetDouble(2)), cancellationToken);
            tagsMs = Lap(ref phase);
        });
        var sortMs = Lap(ref phase);
        LogLoadPhases(logger, artistsMs, songsMs, tagsMs, sortMs);
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

    [LoggerMessage(Level = LogLevel.Debug, Message =
        "Search index load: artists {ArtistsMs:F0} ms, songs {SongsMs:F0} ms, tags {TagsMs:F0} ms, title order {SortMs:F0} ms")]
    private static partial void LogLoadPhases(ILogger logger, double artistsMs, double songsMs, double tagsMs, double sortMs);
}
