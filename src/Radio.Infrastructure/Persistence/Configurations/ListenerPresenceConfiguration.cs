using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Radio.Infrastructure.Statistics;

namespace Radio.Infrastructure.Persistence.Configurations;

internal sealed class ListenerPresenceConfiguration : IEntityTypeConfiguration<ListenerPresence>
{
    public void Configure(EntityTypeBuilder<ListenerPresence> builder)
    {
        builder.ToTable("listening_stats_listeners");
        builder.HasKey(p => new { p.Interval, p.Start, p.ListenerId });
        builder.Property(p => p.ListenerId).HasMaxLength(RecordedSessionConfiguration.MaxListenerIdLength);
    }
}
