using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Radio.Domain.Accounts;

namespace Radio.Infrastructure.Persistence.Configurations;

internal sealed class ListeningPeriodTotalConfiguration : IEntityTypeConfiguration<ListeningPeriodTotal>
{
    public void Configure(EntityTypeBuilder<ListeningPeriodTotal> builder)
    {
        builder.ToTable("listening_periods");
        builder.HasKey(p => new { p.Period, p.Start, p.UserId });
        // a period's leaderboard: its first rows in this order, read from the index alone
        builder.HasIndex(p => new { p.Period, p.Start, p.Seconds, p.UserId }).IsDescending(false, false, true, false);
        builder.HasOne<User>().WithMany().HasForeignKey(p => p.UserId).OnDelete(DeleteBehavior.Cascade);
    }
}
