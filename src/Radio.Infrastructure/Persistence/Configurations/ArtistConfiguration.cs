using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Radio.Domain.Library;

namespace Radio.Infrastructure.Persistence.Configurations;

internal sealed class ArtistConfiguration : IEntityTypeConfiguration<Artist>
{
    public void Configure(EntityTypeBuilder<Artist> builder)
    {
        builder.ToTable("artists");
        builder.HasKey(a => a.Id);
        builder.Property(a => a.Name).HasMaxLength(Artist.MaxNameLength).IsRequired();
        builder.Property(a => a.NameKey).HasMaxLength(Artist.MaxNameLength * 2).IsRequired();
        builder.HasIndex(a => a.Name);
    }
}
