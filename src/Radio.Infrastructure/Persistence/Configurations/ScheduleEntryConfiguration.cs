using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Radio.Domain.Station;

namespace Radio.Infrastructure.Persistence.Configurations;

internal sealed class ScheduleEntryConfiguration : IEntityTypeConfiguration<ScheduleEntry>
{
    public void Configure(EntityTypeBuilder<ScheduleEntry> builder)
    {
        builder.ToTable("schedule_entries");

        // the primary key is the sequence number two instances race on: the second insert of n+1 fails
        builder.HasKey(e => e.Sequence);
        builder.Property(e => e.Sequence).ValueGeneratedNever();

        // no foreign key to songs: history outlives a deleted song, and the programme repairs itself around it
        // an artist's statistics sum a song's plays that started in a range
        builder.HasIndex(e => new { e.SongId, e.StartsAt });
        builder.HasIndex(e => new { e.Round, e.SongId });
        builder.HasIndex(e => e.EndsAt);
        builder.HasIndex(e => e.StartsAt);

        // an entry playing a request carries it; the request row may go first (its song deleted), the entry stays history
        builder.HasOne(e => e.Request).WithMany().HasForeignKey(e => e.RequestId).OnDelete(DeleteBehavior.SetNull);
        builder.Ignore(e => e.IsRequest);

        // optimistic concurrency: two instances repairing the same entries cannot both win
        builder.Property(e => e.StartsAt).IsConcurrencyToken();
        builder.Property(e => e.EndsAt).IsConcurrencyToken();
    }
}
