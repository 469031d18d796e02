using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Radio.Domain.Accounts;
using Radio.Domain.Library;
using Radio.Domain.Listens;

namespace Radio.Infrastructure.Persistence.Configurations;

internal sealed class ListenConfiguration : IEntityTypeConfiguration<Listen>
{
    public void Configure(EntityTypeBuilder<Listen> builder)
    {
        builder.ToTable("listens");
        // once per account and play: a flush retried after a commit it could not confirm writes nothing twice
        builder.HasKey(l => new { l.UserId, l.PlaySequence });
        builder.Property(l => l.PlaySequence).ValueGeneratedNever();
        // an account's listens are read newest first
        builder.HasIndex(l => new { l.UserId, l.ListenedAt });
        // an artist's statistics count a song's listens in a range
        builder.HasIndex(l => new { l.SongId, l.ListenedAt });
        // a deleted song takes its listens with it: an export names the song's title and artists
        builder.HasOne<Song>().WithMany().HasForeignKey(l => l.SongId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<User>().WithMany().HasForeignKey(l => l.UserId).OnDelete(DeleteBehavior.Cascade);
    }
}
