using Microsoft.Data.SqlClient;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Radio.Infrastructure.Persistence;

/// <summary>What each provider's driver says when a write lost a race, in one place.</summary>
public static class DatabaseErrors
{
    /// <summary>A primary key or unique index already held the row's key.</summary>
    public static bool IsDuplicateKey(this DbUpdateException e) => IsDuplicateKeyOfDriver(e.InnerException);

    /// <summary>
    /// Whether an exception EF Core logs (a failed command's driver exception, or a failed save's
    /// <see cref="DbUpdateException"/>) is a lost race: a duplicate key or an optimistic concurrency conflict. Radio
    /// answers each where it happens (retried, given up as lost, or a 409), so EF's own error events for them only
    /// page an operator for nothing; any other database failure still reaches the log.
    /// </summary>
    public static bool IsLostRace(Exception? exception) => exception switch
    {
        DbUpdateConcurrencyException => true,
        DbUpdateException update => update.IsDuplicateKey(),
        _ => IsDuplicateKeyOfDriver(exception),
    };

    private static bool IsDuplicateKeyOfDriver(Exception? e) => e switch
    {
        SqliteException sqlite => sqlite.SqliteErrorCode == 19, // SQLITE_CONSTRAINT
        SqlException sql => sql.Number is 2627 or 2601,        // primary key / unique index violation
        PostgresException postgres => postgres.SqlState == PostgresErrorCodes.UniqueViolation,
        _ => false,
    };
}
