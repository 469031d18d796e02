using System.Globalization;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Radio.Domain.Accounts;
using Radio.Infrastructure.Persistence;
using Radio.Infrastructure.Statistics;

namespace Radio.Bench.Stats;

/// <summary>
/// Accounts with credit stored per UTC day over the last weeks up to today (the server ranks periods by its own
/// clock), as the flush leaves them: a row per account and day it listened. Most accounts listen on a few days,
/// some on nearly every one.
/// </summary>
internal static class LeaderboardSeeder
{
    public const int HistoryDays = 35;

    public static async Task<int> SeedAsync(string databasePath, int users, DateOnly today)
    {
        var random = new Random(11);
        var days = new List<ListeningDay>();
        var totals = new long[users + 1];
        for (var user = 1; user <= users; user++)
        {
            var often = 0.05 + (0.9 * Math.Pow(random.NextDouble(), 3));
            for (var day = today.AddDays(1 - HistoryDays); day <= today; day = day.AddDays(1))
            {
                if (random.NextDouble() < often)
                {
                    var seconds = (long)Math.Clamp(-Math.Log(1 - random.NextDouble()) * 2400, 1, 86_400);
                    days.Add(new ListeningDay { UserId = user, Day = day, Seconds = seconds });
                    totals[user] += seconds;
                }
            }

            // listening from before the seeded weeks, for the lifetime board
            totals[user] += random.Next(0, 2_000_000);
        }

        await using var db = await BenchDatabase.OpenForSeedingAsync(databasePath);
        await using var transaction = await db.Database.BeginTransactionAsync();
        await using (var insert = ((SqliteConnection)db.Database.GetDbConnection()).CreateCommand())
        {
            insert.Transaction = (SqliteTransaction)transaction.GetDbTransaction();
            insert.CommandText = "INSERT INTO users (id, username, normalized_username, password_hash, role, total_listen_time, created_at) " +
                "VALUES ($id, $name, $normalized, 'not a hash: nobody signs in', 'User', $total, 0)";
            var (id, name, normalized, total) = (insert.Parameters.Add("$id", SqliteType.Integer), insert.Parameters.Add("$name", SqliteType.Text),
                insert.Parameters.Add("$normalized", SqliteType.Text), insert.Parameters.Add("$total", SqliteType.Integer));
            await insert.PrepareAsync();
            for (var user = 1; user <= users; user++)
            {
                var username = "listener" + user.ToString(CultureInfo.InvariantCulture);
                (id.Value, name.Value, normalized.Value, total.Value) = (user, username, User.Normalize(username), totals[user]);
                await insert.ExecuteNonQueryAsync();
            }
        }

        await MultiRowInsert.InsertAsync(db, days, CancellationToken.None);
        await transaction.CommitAsync();
        return days.Count;
    }
}
