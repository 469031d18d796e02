using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Radio.Domain.Accounts;

namespace Radio.Infrastructure.Persistence.Configurations;

internal sealed class ListeningDayConfiguration : IEntityTypeConfiguration<ListeningDay>
{
    public void Configure(EntityTypeBuilder<ListeningDay> builder)
    {
        builder.ToTable("listening_days");
        builder.HasKey(d => new { d.UserId, d.Day });
        // a period's leaderboard sums the days from its first one on
        builder.HasIndex(d => d.Day);
        builder.HasOne<User>().WithMany().HasForeignKey(d => d.UserId).OnDelete(DeleteBehavior.Cascade);
    }
}
