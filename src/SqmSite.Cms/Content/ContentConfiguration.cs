using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using SqmSite.Cms.Data;

namespace SqmSite.Cms.Content;

internal sealed class ContentNodeConfiguration : IEntityTypeConfiguration<ContentNode>
{
    public void Configure(EntityTypeBuilder<ContentNode> b)
    {
        b.ToTable("cmsContentNode");
        b.HasIndex(x => x.Key).IsUnique();
        b.HasIndex(x => new { x.ParentId, x.SortOrder });
        b.HasIndex(x => x.PublishAtUtc);
        b.HasIndex(x => x.UnpublishAtUtc);
        b.Property(x => x.ContentTypeAlias).HasMaxLength(100);
        b.HasOne<ContentNode>().WithMany().HasForeignKey(x => x.ParentId).OnDelete(DeleteBehavior.Restrict);
        b.HasMany(x => x.Versions).WithOne(v => v.Node).HasForeignKey(v => v.NodeId).OnDelete(DeleteBehavior.Cascade);
        b.Navigation(x => x.Versions).UsePropertyAccessMode(PropertyAccessMode.Field);
        b.Ignore(x => x.IsPublished);
        b.Ignore(x => x.HasUnpublishedChanges);
    }
}

internal sealed class ContentVersionConfiguration : IEntityTypeConfiguration<ContentVersion>
{
    public void Configure(EntityTypeBuilder<ContentVersion> b)
    {
        b.ToTable("cmsContentVersion");
        b.HasIndex(x => new { x.NodeId, x.Number }).IsUnique();
        b.Property(x => x.Name).HasMaxLength(255);
        b.Property(x => x.UrlSegment).HasMaxLength(255);
        b.Property(x => x.Author).HasMaxLength(256);
        b.Property(x => x.Values).HasJsonObjectConversion();
    }
}

internal sealed class RedirectUrlConfiguration : IEntityTypeConfiguration<RedirectUrl>
{
    public void Configure(EntityTypeBuilder<RedirectUrl> b)
    {
        b.ToTable("cmsRedirectUrl");
        b.HasIndex(x => x.Path).IsUnique();
        b.Property(x => x.Path).HasMaxLength(1000);
    }
}
