using Microsoft.EntityFrameworkCore;
using Radio.Infrastructure.Persistence;

namespace Radio.UnitTests.Infrastructure;

/// <summary>A model change without a migration for both providers fails here, not in production.</summary>
public sealed class MigrationsTests
{
    [Fact]
    public void Sqlite_migrations_match_the_model()
    {
        using var db = new SqliteDesignTimeFactory().CreateDbContext([]);

        db.Database.HasPendingModelChanges().Should().BeFalse();
    }

    [Fact]
    public void SqlServer_migrations_match_the_model()
    {
        using var db = new SqlServerDesignTimeFactory().CreateDbContext([]);

        db.Database.HasPendingModelChanges().Should().BeFalse();
    }
}
