using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Radio.Domain.Accounts;
using Radio.Domain.Library;

namespace Radio.Infrastructure.Persistence.Configurations;

internal sealed class SongConfiguration : IEntityTypeConfiguration<Song>
{
    public void Configure(EntityTypeBuilder<Song> builder)
    {
        builder.ToTable("songs");
        builder.HasKey(s => s.Id);
        builder.Property(s => s.Title).HasMaxLength(Song.MaxTitleLength).IsRequired();
        builder.Property(s => s.TitleKey).HasMaxLength(Song.MaxTitleLength * 2).IsRequired();
        builder.HasIndex(s => s.TitleKey);
        builder.HasIndex(s => new { s.Title, s.Id });
        builder.Property(s => s.AudioKey).HasMaxLength(Song.MaxStorageKeyLength).IsRequired();
        builder.Property(s => s.ImageKey).HasMaxLength(Song.MaxStorageKeyLength);
        builder.Property(s => s.HasImage).HasDefaultValue(false);
        builder.Property(s => s.ImageBytes).HasDefaultValue(0L);
        builder.Ignore(s => s.StoredBytes);
        builder.Property(s => s.RenditionKey).HasMaxLength(Song.MaxStorageKeyLength);
        builder.Property(s => s.RenditionError).HasMaxLength(Song.MaxRenditionErrorLength);
        builder.Property(s => s.RenditionOwner).HasMaxLength(Song.MaxRenditionOwnerLength);
        builder.HasIndex(s => s.RenditionState); // workers look for waiting songs, the keeper for ready ones
        builder.HasOne(s => s.Album).WithMany().HasForeignKey(s => s.AlbumId).OnDelete(DeleteBehavior.SetNull);
        builder.HasOne<User>().WithMany().HasForeignKey(s => s.UploaderId).OnDelete(DeleteBehavior.Restrict);

        builder.OwnsMany(s => s.Artists, artists =>
        {
            artists.ToTable("song_artists");
            artists.WithOwner().HasForeignKey(a => a.SongId);
            artists.HasKey(a => new { a.SongId, a.ArtistId });
            artists.HasOne(a => a.Artist).WithMany().HasForeignKey(a => a.ArtistId).OnDelete(DeleteBehavior.Restrict);
            artists.HasIndex(a => a.ArtistId);
        });
        builder.Navigation(s => s.Artists).UsePropertyAccessMode(PropertyAccessMode.Field);

        builder.OwnsMany(s => s.Tags, tags =>
        {
            tags.ToTable("song_tags");
            tags.WithOwner().HasForeignKey(t => t.SongId);
            tags.HasKey(t => new { t.SongId, t.TagId });
            tags.HasOne(t => t.Tag).WithMany().HasForeignKey(t => t.TagId).OnDelete(DeleteBehavior.Cascade);
            tags.HasIndex(t => new { t.TagId, t.Score });
        });
        builder.Navigation(s => s.Tags).UsePropertyAccessMode(PropertyAccessMode.Field);
    }
}
