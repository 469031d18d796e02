using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Radio.Infrastructure.Persistence;

namespace Radio.Bench.Stats;

/// <summary>A benchmark's SQLite file, with the server's schema and the server's model.</summary>
internal static class BenchDatabase
{
    public static SqliteRadioDbContext Open(string path) => new(new DbContextOptionsBuilder<SqliteRadioDbContext>()
        .UseSqlite(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString())
        .UseSnakeCaseNamingConvention()
        .Options);

    public static async Task CreateAsync(string path)
    {
        if (File.Exists(path))
        {
            throw new InvalidOperationException($"{path} exists: the benchmark seeds a fresh file (pass another --data).");
        }

        await using var db = Open(path);
        await db.Database.MigrateAsync();
    }

    /// <summary>
    /// Opens a connection for seeding in one transaction. Without waiting for the disk at each commit: the file is
    /// thrown away if the machine fails, and the setting lasts only as long as this connection, not into the server.
    /// </summary>
    public static async Task<SqliteRadioDbContext> OpenForSeedingAsync(string path)
    {
        var db = Open(path);
        await db.Database.OpenConnectionAsync();
        await db.Database.ExecuteSqlRawAsync("PRAGMA synchronous = OFF");
        return db;
    }
}
