using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Radio.Domain.Accounts;

namespace Radio.Infrastructure.Persistence.Configurations;

internal sealed class UserConfiguration : IEntityTypeConfiguration<User>
{
    public void Configure(EntityTypeBuilder<User> builder)
    {
        builder.ToTable("users");
        builder.HasKey(u => u.Id);
        builder.Property(u => u.Username).HasMaxLength(User.MaxUsernameLength).IsRequired();
        builder.Property(u => u.NormalizedUsername).HasMaxLength(User.MaxUsernameLength).IsRequired();
        builder.HasIndex(u => u.NormalizedUsername).IsUnique();
        builder.Property(u => u.PasswordHash).HasMaxLength(256).IsRequired();
        builder.Property(u => u.Role).HasConversion<string>().HasMaxLength(16).IsRequired();
        builder.Property(u => u.TotalListenTime).HasDefaultValue(0L);
        // the leaderboard reads the top of this index
        builder.HasIndex(u => new { u.TotalListenTime, u.Id });
        builder.HasOne(u => u.Artist).WithMany().HasForeignKey(u => u.ArtistId).OnDelete(DeleteBehavior.SetNull);
    }
}
