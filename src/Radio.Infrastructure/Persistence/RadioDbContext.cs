using Microsoft.EntityFrameworkCore;
using Radio.Domain.Accounts;
using Radio.Domain.Library;

namespace Radio.Infrastructure.Persistence;

/// <summary>The provider-neutral model; each provider's subclass owns its migrations.</summary>
public abstract class RadioDbContext(DbContextOptions options) : DbContext(options)
{
    public DbSet<User> Users => Set<User>();

    public DbSet<Artist> Artists => Set<Artist>();

    public DbSet<Album> Albums => Set<Album>();

    public DbSet<Song> Songs => Set<Song>();

    public DbSet<Tag> Tags => Set<Tag>();

    protected override void OnModelCreating(ModelBuilder modelBuilder) =>
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(RadioDbContext).Assembly);
}
