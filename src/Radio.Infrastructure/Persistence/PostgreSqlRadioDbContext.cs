using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace Radio.Infrastructure.Persistence;

/// <summary>A production provider, the one several instances share with Redis.</summary>
public sealed class PostgreSqlRadioDbContext(DbContextOptions<PostgreSqlRadioDbContext> options) : RadioDbContext(options);

/// <summary>Lets <c>dotnet ef</c> build the PostgreSQL model and script without a server.</summary>
internal sealed class PostgreSqlDesignTimeFactory : IDesignTimeDbContextFactory<PostgreSqlRadioDbContext>
{
    public PostgreSqlRadioDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<PostgreSqlRadioDbContext>()
            .UseNpgsql("Host=localhost;Database=radio")
            .UseSnakeCaseNamingConvention()
            .Options);
}
