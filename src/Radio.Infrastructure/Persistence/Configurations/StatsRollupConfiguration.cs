using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Radio.Infrastructure.Statistics;

namespace Radio.Infrastructure.Persistence.Configurations;

internal sealed class StatsRollupConfiguration : IEntityTypeConfiguration<StatsRollup>
{
    public void Configure(EntityTypeBuilder<StatsRollup> builder)
    {
        builder.ToTable("listening_stats");
        // a request reads one interval kind over a range of starts: the key is that index
        builder.HasKey(r => new { r.Interval, r.Start });
        // named as the CSV names the buckets
        builder.Property(r => r.SessionsLt1m).HasColumnName("sessions_lt_1m");
        builder.Property(r => r.Sessions1To5m).HasColumnName("sessions_1_5m");
        builder.Property(r => r.Sessions5To15m).HasColumnName("sessions_5_15m");
        builder.Property(r => r.Sessions15To30m).HasColumnName("sessions_15_30m");
        builder.Property(r => r.Sessions30To60m).HasColumnName("sessions_30_60m");
        builder.Property(r => r.Sessions1To2h).HasColumnName("sessions_1_2h");
        builder.Property(r => r.SessionsGt2h).HasColumnName("sessions_gt_2h");
    }
}
