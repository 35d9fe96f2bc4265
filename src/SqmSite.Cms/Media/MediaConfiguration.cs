using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using SqmSite.Cms.Data;

namespace SqmSite.Cms.Media;

internal sealed class MediaFolderConfiguration : IEntityTypeConfiguration<MediaFolder>
{
    public void Configure(EntityTypeBuilder<MediaFolder> b)
    {
        b.ToTable("cmsMediaFolder");
        b.Property(x => x.Name).HasMaxLength(255);
        b.HasIndex(x => x.ParentId);
        b.HasOne<MediaFolder>().WithMany().HasForeignKey(x => x.ParentId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class MediaItemConfiguration : IEntityTypeConfiguration<MediaItem>
{
    public void Configure(EntityTypeBuilder<MediaItem> b)
    {
        b.ToTable("cmsMediaItem");
        b.HasIndex(x => x.Key).IsUnique();
        b.HasIndex(x => x.FolderId);
        b.HasIndex(x => x.Owner);
        b.Property(x => x.Owner).HasMaxLength(PrivateMediaService.MaxOwnerLength);
        b.Ignore(x => x.IsPrivate);
        b.HasOne<MediaFolder>().WithMany().HasForeignKey(x => x.FolderId).OnDelete(DeleteBehavior.Restrict);
        b.Property(x => x.Name).HasMaxLength(255);
        b.Property(x => x.OriginalFileName).HasMaxLength(255);
        b.Property(x => x.StoredName).HasMaxLength(100);
        b.Property(x => x.AltText).HasMaxLength(MediaService.MaxAltTextLength);
        b.Property(x => x.CreatedBy).HasMaxLength(256);
        b.Property(x => x.UpdatedBy).HasMaxLength(256);
        b.Property(x => x.Kind).HasConversion<string>().HasMaxLength(20);
        b.Property(x => x.Format).HasConversion<string>().HasMaxLength(20);
        b.Property(x => x.Crops).HasJsonConversion();
    }
}
