using System.Diagnostics;
using System.Globalization;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Radio.Domain.Library;
using Radio.Infrastructure.Persistence;

namespace Radio.Bench.Library;

/// <summary>Builds a synthetic library straight into a migrated SQLite file: one transaction, prepared commands.</summary>
internal sealed class LibraryBuilder(BenchOptions options)
{
    public static readonly string[] TagNames =
    [
        "Chill", "Electronic", "Acoustic", "Dark", "Happy", "Energetic",
        "Melancholic", "Dreamy", "Aggressive", "Romantic", "Groovy", "Epic",
    ];

    private static readonly string[] Syllables =
    [
        "la", "ve", "ro", "mi", "ka", "to", "ne", "sa", "ri", "do", "lu", "ma", "no", "fe", "zi", "ta", "be", "go", "shi",
        "an", "el", "or", "is", "um", "ar", "en", "ol", "ur", "ay", "qu", "tra", "ble", "ston", "ght", "dre", "pha", "ly",
    ];

    private static readonly string[] Words =
    [
        "love", "night", "summer", "heart", "fire", "dream", "rain", "light", "shadow", "river", "city", "dance",
        "blue", "gold", "wild", "home", "road", "star", "moon", "ocean", "storm", "silence", "echo", "paradise",
        "café", "señorita", "naïve", "über", "déjà", "forever", "tonight", "electric", "broken", "sweet", "lonely",
    ];

    private readonly Random _random = new(42);

    public string DatabasePath => Path.Combine(options.DataDirectory, "radio.db");

    public async Task EnsureBuiltAsync()
    {
        var marker = Path.Combine(options.DataDirectory, "complete");
        if (File.Exists(marker))
        {
            Console.WriteLine($"Using the cached library in {options.DataDirectory}");
            return;
        }

        if (Directory.Exists(options.DataDirectory))
        {
            Directory.Delete(options.DataDirectory, recursive: true);
        }

        Directory.CreateDirectory(options.DataDirectory);
        var started = Stopwatch.GetTimestamp();
        var connectionString = new SqliteConnectionStringBuilder { DataSource = DatabasePath, Pooling = false }.ToString();
        await using (var db = new SqliteRadioDbContext(new DbContextOptionsBuilder<SqliteRadioDbContext>()
            .UseSqlite(connectionString).UseSnakeCaseNamingConvention().Options))
        {
            await db.Database.MigrateAsync();
        }

        await using (var connection = new SqliteConnection(connectionString))
        {
            await connection.OpenAsync();
            Execute(connection, "PRAGMA synchronous = OFF");
            await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync();
            Fill(connection, transaction);
            await transaction.CommitAsync();
            Execute(connection, "ANALYZE");
        }

        await File.WriteAllTextAsync(marker, DateTimeOffset.UnixEpoch.ToString(CultureInfo.InvariantCulture));
        Console.WriteLine($"Built {options.Songs:N0} songs in {Stopwatch.GetElapsedTime(started).TotalSeconds:F1} s");
    }

    public string RandomTitle()
    {
        var words = _random.Next(1, 5);
        return string.Join(' ', Enumerable.Range(0, words).Select(_ => _random.Next(4) == 0 ? Words[_random.Next(Words.Length)] : MadeUpWord()));
    }

    public string RandomArtistName() =>
        CultureInfo.InvariantCulture.TextInfo.ToTitleCase(MadeUpWord()) + " " + CultureInfo.InvariantCulture.TextInfo.ToTitleCase(MadeUpWord());

    private string MadeUpWord() =>
        string.Concat(Enumerable.Range(0, _random.Next(2, 4)).Select(_ => Syllables[_random.Next(Syllables.Length)]));

    private void Fill(SqliteConnection connection, SqliteTransaction transaction)
    {
        Execute(connection, "INSERT INTO users (username, normalized_username, password_hash, role, total_listen_time, created_at) " +
            "VALUES ('bench', 'BENCH', 'x', 'Admin', 0, 0)", transaction);

        using (var artist = Prepare(connection, transaction, "INSERT INTO artists (id, name, name_key, created_at) VALUES ($p0, $p1, $p2, 0)", 3))
        {
            for (var id = 1; id <= options.Artists; id++)
            {
                var name = RandomArtistName();
                if (id % 50 == 0)
                {
                    name = name.Replace('e', 'é'); // some accents to fold
                }

                Run(artist, id, name, SearchText.Fold(name));
            }
        }

        using (var tag = Prepare(connection, transaction, "INSERT INTO tags (id, name, normalized_name) VALUES ($p0, $p1, $p2)", 3))
        {
            for (var i = 0; i < TagNames.Length; i++)
            {
                Run(tag, i + 1, TagNames[i], Tag.Normalize(TagNames[i]));
            }
        }

        var albums = options.Songs / 10;
        using (var album = Prepare(connection, transaction, "INSERT INTO albums (id, title, artist_id, created_at) VALUES ($p0, $p1, $p2, 0)", 3))
        {
            for (var id = 1; id <= albums; id++)
            {
                Run(album, id, RandomTitle(), _random.Next(1, options.Artists + 1));
            }
        }

        using var song = Prepare(connection, transaction,
            "INSERT INTO songs (id, title, title_key, album_id, duration_seconds, audio_key, audio_bytes, has_image, uploader_id, created_at) " +
            "VALUES ($p0, $p1, $p2, $p3, $p4, $p5, 1000000, $p6, 1, 0)", 7);
        using var songArtist = Prepare(connection, transaction,
            "INSERT INTO song_artists (song_id, artist_id, position) VALUES ($p0, $p1, $p2)", 3);
        using var songTag = Prepare(connection, transaction,
            "INSERT INTO song_tags (song_id, tag_id, score) VALUES ($p0, $p1, $p2)", 3);
        var tagIds = Enumerable.Range(1, TagNames.Length).ToArray();
        for (var id = 1; id <= options.Songs; id++)
        {
            var title = RandomTitle();
            Run(song, id, title, SearchText.Fold(title), _random.Next(3) == 0 ? DBNull.Value : _random.Next(1, albums + 1),
                120 + (_random.NextDouble() * 180), $"bench-{id}.mp3", _random.Next(2));
            var artists = _random.Next(20) switch { < 16 => 1, < 19 => 2, _ => 3 };
            var first = _random.Next(1, options.Artists + 1);
            for (var position = 0; position < artists; position++)
            {
                Run(songArtist, id, ((first - 1 + (position * 37)) % options.Artists) + 1, position);
            }

            _random.Shuffle(tagIds);
            foreach (var tagId in tagIds.AsSpan(0, _random.Next(3, 7)))
            {
                Run(songTag, id, tagId, Math.Round(_random.NextDouble(), 2));
            }

            if (id % 100_000 == 0)
            {
                Console.WriteLine($"  {id:N0} songs");
            }
        }
    }

    private static SqliteCommand Prepare(SqliteConnection connection, SqliteTransaction transaction, string sql, int parameters)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
#pragma warning disable CA2100 // constant SQL
        command.CommandText = sql;
#pragma warning restore CA2100
        for (var i = 0; i < parameters; i++)
        {
            command.Parameters.Add(new SqliteParameter("$p" + i.ToString(CultureInfo.InvariantCulture), null));
        }

        command.Prepare();
        return command;
    }

    private static void Run(SqliteCommand command, params object[] values)
    {
        for (var i = 0; i < values.Length; i++)
        {
            command.Parameters[i].Value = values[i];
        }

        command.ExecuteNonQuery();
    }

    private static void Execute(SqliteConnection connection, string sql, SqliteTransaction? transaction = null)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
#pragma warning disable CA2100 // constant SQL
        command.CommandText = sql;
#pragma warning restore CA2100
        command.ExecuteNonQuery();
    }
}
