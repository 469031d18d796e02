using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace Radio.Infrastructure.Persistence;

/// <summary>The embedded default: a SQLite file in the data directory.</summary>
public sealed class SqliteRadioDbContext(DbContextOptions<SqliteRadioDbContext> options) : RadioDbContext(options)
{
    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        // SQLite has no date type: UTC ticks as an integer sort and compare correctly in SQL.
        configurationBuilder.Properties<DateTimeOffset>().HaveConversion<DateTimeOffsetToBinaryConverter>();
    }
}

/// <summary>Lets <c>dotnet ef</c> build the SQLite model without starting the app.</summary>
internal sealed class SqliteDesignTimeFactory : IDesignTimeDbContextFactory<SqliteRadioDbContext>
{
    public SqliteRadioDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<SqliteRadioDbContext>()
            .UseSqlite("Data Source=design.db")
            .UseSnakeCaseNamingConvention()
            .Options);
}
