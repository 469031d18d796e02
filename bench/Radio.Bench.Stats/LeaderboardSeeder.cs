using System.Globalization;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Radio.Domain.Accounts;
using Radio.Domain.Listening;
using Radio.Infrastructure.Persistence;
using Radio.Infrastructure.Statistics;

namespace Radio.Bench.Stats;

/// <summary>
/// Accounts with credit stored per UTC day over the last weeks up to today (the server ranks periods by its own
/// clock), as the flush leaves them: a row per account and day it listened, and per week and month it listened in
/// (<see cref="ListeningPeriodTotal.Holding"/>). Most accounts listen on a few days, some on nearly every one.
/// </summary>
internal static class LeaderboardSeeder
{
    public const int HistoryDays = 35;

    public static async Task<int> SeedAsync(string databasePath, int users, DateOnly today)
    {
        var random = new Random(11);
        var periods = new Dictionary<(LeaderboardPeriod, DateOnly, int), long>();
        var totals = new long[users + 1];
        for (var user = 1; user <= users; user++)
        {
            var often = 0.05 + (0.9 * Math.Pow(random.NextDouble(), 3));
            for (var day = today.AddDays(1 - HistoryDays); day <= today; day = day.AddDays(1))
            {
                if (random.NextDouble() < often)
                {
                    var seconds = (long)Math.Clamp(-Math.Log(1 - random.NextDouble()) * 2400, 1, 86_400);
                    foreach (var (period, start) in ListeningPeriodTotal.Holding(day))
                    {
                        periods[(period, start, user)] = periods.GetValueOrDefault((period, start, user)) + seconds;
                    }

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

        var rows = periods.Select(p => new ListeningPeriodTotal { Period = p.Key.Item1, Start = p.Key.Item2, UserId = p.Key.Item3, Seconds = p.Value }).ToList();
        await MultiRowInsert.InsertAsync(db, rows, CancellationToken.None);
        await transaction.CommitAsync();
        return rows.Count;
    }
}
