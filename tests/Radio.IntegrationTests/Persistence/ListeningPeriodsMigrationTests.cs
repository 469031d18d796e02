using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Radio.Domain.Accounts;
using Radio.Domain.Listening;
using Radio.Infrastructure.Persistence;
using Radio.TestData.Engines;

namespace Radio.IntegrationTests.Persistence;

/// <summary>
/// The migration from credit per day to credit per day, week and month keeps every leaderboard as it was: each
/// provider's own SQL sums the stored days into their weeks (from Monday) and months, and back again.
/// </summary>
public abstract class ListeningPeriodsMigrationTests
{
    private static readonly DateTimeOffset Now = new(2026, 4, 2, 12, 0, 0, TimeSpan.Zero);

    protected abstract RadioDbContext NewContext();

    [Fact]
    public async Task Stored_days_become_their_days_weeks_and_months_and_the_way_back_restores_the_days()
    {
        await using var db = NewContext();
        var migrator = db.GetService<IMigrator>();
        var migrations = db.Database.GetMigrations().ToList();
        var periods = migrations.FindIndex(m => m.EndsWith("_ListeningPeriods", StringComparison.Ordinal));
        await migrator.MigrateAsync(migrations[periods - 1]);
        var alice = User.CreateListener("alice", Now);
        var bob = User.CreateListener("bob", Now);
        db.Users.AddRange(alice, bob);
        await db.SaveChangesAsync();
        (int User, DateOnly Day, long Seconds)[] days =
        [
            (alice.Id, new DateOnly(2026, 3, 1), 100), // a Sunday: the week of Monday 23 February
            (alice.Id, new DateOnly(2026, 3, 2), 200), // Monday
            (alice.Id, new DateOnly(2026, 3, 8), 50),  // the Sunday of the same week
            (alice.Id, new DateOnly(2026, 4, 1), 10),  // a Wednesday: the week of Monday 30 March, the month of April
            (bob.Id, new DateOnly(2026, 3, 2), 30),
        ];
        foreach (var (user, day, seconds) in days)
        {
            await db.Database.ExecuteSqlAsync($"INSERT INTO listening_days (user_id, day, seconds) VALUES ({user}, {day}, {seconds})");
        }

        await migrator.MigrateAsync(migrations[periods]);

        var stored = await db.Set<ListeningPeriodTotal>().AsNoTracking().ToListAsync();
        stored.Select(p => (p.Period, p.Start, p.UserId, p.Seconds)).Should().BeEquivalentTo(
        [
            .. days.Select(d => (LeaderboardPeriod.Day, d.Day, d.User, d.Seconds)),
            (LeaderboardPeriod.Week, new DateOnly(2026, 2, 23), alice.Id, 100L),
            (LeaderboardPeriod.Week, new DateOnly(2026, 3, 2), alice.Id, 250L),
            (LeaderboardPeriod.Week, new DateOnly(2026, 3, 30), alice.Id, 10L),
            (LeaderboardPeriod.Week, new DateOnly(2026, 3, 2), bob.Id, 30L),
            (LeaderboardPeriod.Month, new DateOnly(2026, 3, 1), alice.Id, 350L),
            (LeaderboardPeriod.Month, new DateOnly(2026, 4, 1), alice.Id, 10L),
            (LeaderboardPeriod.Month, new DateOnly(2026, 3, 1), bob.Id, 30L),
        ]);

        await migrator.MigrateAsync(migrations[periods - 1]);
        var back = await db.Database.SqlQuery<long>($"SELECT seconds AS \"Value\" FROM listening_days ORDER BY user_id, day").ToListAsync();
        back.Should().Equal(days.OrderBy(d => d.User).ThenBy(d => d.Day).Select(d => d.Seconds));
    }

    public sealed class OnSqlite : ListeningPeriodsMigrationTests, IDisposable
    {
        private readonly string _directory = Engines.PrivateDirectory("radio-migration");

        public void Dispose() => Engines.DeleteQuietly(_directory);

        protected override RadioDbContext NewContext() => new SqliteRadioDbContext(
            new DbContextOptionsBuilder<SqliteRadioDbContext>()
                .UseSqlite(new SqliteConnectionStringBuilder { DataSource = Path.Combine(_directory, "radio.db"), Pooling = false }.ToString())
                .UseSnakeCaseNamingConvention().Options);
    }

    public sealed class OnPostgreSql : ListeningPeriodsMigrationTests
    {
        private readonly string _connection = PostgresServer.Instance.NewDatabase();

        protected override RadioDbContext NewContext() => new PostgreSqlRadioDbContext(
            new DbContextOptionsBuilder<PostgreSqlRadioDbContext>().UseNpgsql(_connection).UseSnakeCaseNamingConvention().Options);
    }
}
