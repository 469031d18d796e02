using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Radio.Domain.Accounts;
using Radio.Domain.Favorites;
using Radio.Domain.Library;

namespace Radio.Infrastructure.Persistence.Configurations;

internal sealed class FavoriteConfiguration : IEntityTypeConfiguration<Favorite>
{
    public void Configure(EntityTypeBuilder<Favorite> builder)
    {
        builder.ToTable("favorites");
        builder.HasKey(f => f.Id);
        // one favourite per account and song; the list reads an account's newest first from this index
        builder.HasIndex(f => new { f.UserId, f.SongId }).IsUnique();
        builder.HasIndex(f => new { f.UserId, f.Id });
        // an artist's statistics count a song's favourites added in a range
        builder.HasIndex(f => new { f.SongId, f.AddedAt });
        // a deleted song leaves nobody's favourites: the database removes them with it
        builder.HasOne<Song>().WithMany().HasForeignKey(f => f.SongId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<User>().WithMany().HasForeignKey(f => f.UserId).OnDelete(DeleteBehavior.Cascade);
    }
}
