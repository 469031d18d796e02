using Microsoft.Data.SqlClient;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Radio.Infrastructure.Persistence;

/// <summary>What each provider's driver says when a write lost a race, in one place.</summary>
internal static class DatabaseErrors
{
    /// <summary>A primary key or unique index already held the row's key.</summary>
    public static bool IsDuplicateKey(this DbUpdateException e) => e.InnerException switch
    {
        SqliteException sqlite => sqlite.SqliteErrorCode == 19, // SQLITE_CONSTRAINT
        SqlException sql => sql.Number is 2627 or 2601,        // primary key / unique index violation
        PostgresException postgres => postgres.SqlState == PostgresErrorCodes.UniqueViolation,
        _ => false,
    };
}
