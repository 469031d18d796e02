using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Radio.Infrastructure.Statistics;

namespace Radio.Infrastructure.Persistence.Configurations;

internal sealed class RecordedSessionConfiguration : IEntityTypeConfiguration<RecordedSession>
{
    /// <summary>Room for <c>user:&lt;id&gt;</c> and <c>anon:&lt;32 hex digits&gt;</c>, the ids the server issues.</summary>
    public const int MaxListenerIdLength = 100;

    public void Configure(EntityTypeBuilder<RecordedSession> builder)
    {
        builder.ToTable("listening_sessions");
        builder.HasKey(s => s.Id);
        builder.Property(s => s.ListenerId).HasMaxLength(MaxListenerIdLength);
        builder.HasIndex(s => s.StartedAt);
    }
}
