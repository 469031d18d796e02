using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Radio.Domain.Accounts;
using Radio.Domain.Library;
using Radio.Domain.Station;

namespace Radio.Infrastructure.Persistence.Configurations;

internal sealed class SongRequestConfiguration : IEntityTypeConfiguration<SongRequest>
{
    public void Configure(EntityTypeBuilder<SongRequest> builder)
    {
        builder.ToTable("song_requests");
        builder.HasKey(r => r.Id);
        // a deleted song's requests go with it (its entry leaves the schedule when the programme is repaired)
        builder.HasOne<Song>().WithMany().HasForeignKey(r => r.SongId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<User>().WithMany().HasForeignKey(r => r.UserId).OnDelete(DeleteBehavior.Cascade);
        // the per-listener interval reads an account's latest request
        builder.HasIndex(r => new { r.UserId, r.RequestedAt });
        // an artist's statistics count a song's requests in a range
        builder.HasIndex(r => new { r.SongId, r.RequestedAt });
    }
}
