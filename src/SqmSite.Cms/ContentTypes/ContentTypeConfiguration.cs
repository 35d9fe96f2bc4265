using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using SqmSite.Cms.Data;

namespace SqmSite.Cms.ContentTypes;

internal sealed class ContentTypeConfiguration : IEntityTypeConfiguration<ContentType>
{
    public void Configure(EntityTypeBuilder<ContentType> b)
    {
        b.ToTable("cmsContentType");
        b.HasIndex(x => x.Key).IsUnique();
        b.HasIndex(x => x.Alias).IsUnique();
        b.Property(x => x.Alias).HasMaxLength(100);
        b.Property(x => x.Name).HasMaxLength(200);
        b.Property(x => x.Description).HasMaxLength(1000);
        b.Property(x => x.AllowedChildren).HasJsonConversion();
        b.Property(x => x.Properties).HasJsonConversion();
    }
}
