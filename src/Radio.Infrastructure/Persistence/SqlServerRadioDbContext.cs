using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace Radio.Infrastructure.Persistence;

/// <summary>The production provider.</summary>
public sealed class SqlServerRadioDbContext(DbContextOptions<SqlServerRadioDbContext> options) : RadioDbContext(options);

/// <summary>Lets <c>dotnet ef</c> build the SQL Server model and script without a server.</summary>
internal sealed class SqlServerDesignTimeFactory : IDesignTimeDbContextFactory<SqlServerRadioDbContext>
{
    public SqlServerRadioDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<SqlServerRadioDbContext>()
            .UseSqlServer("Server=localhost;Database=Radio;Trusted_Connection=True;TrustServerCertificate=True")
            .UseSnakeCaseNamingConvention()
            .Options);
}
