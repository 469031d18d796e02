using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Radio.Domain.Library;

namespace Radio.Infrastructure.Persistence.Configurations;

internal sealed class TagConfiguration : IEntityTypeConfiguration<Tag>
{
    public void Configure(EntityTypeBuilder<Tag> builder)
    {
        builder.ToTable("tags");
        builder.HasKey(t => t.Id);
        builder.Property(t => t.Name).HasMaxLength(Tag.MaxNameLength).IsRequired();
        builder.Property(t => t.NormalizedName).HasMaxLength(Tag.MaxNameLength).IsRequired();
        builder.HasIndex(t => t.NormalizedName).IsUnique();
    }
}
