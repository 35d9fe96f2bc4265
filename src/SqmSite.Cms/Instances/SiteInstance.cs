using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace SqmSite.Cms.Instances;

/// <summary>
/// A running instance of the site as the others see it: when it started, when it last said it was alive, and how far it
/// has followed the change log. Each instance writes its own row every pass of its <see cref="ChangeFollower"/>.
/// </summary>
public sealed class SiteInstance
{
    public const int NameMaxLength = 100;

    private SiteInstance()
    {
    }

    internal SiteInstance(string name, DateTime startedUtc, long appliedPosition, DateTime appliedUtc)
    {
        Name = name;
        StartedUtc = startedUtc;
        LastSeenUtc = startedUtc;
        AppliedPosition = appliedPosition;
        AppliedUtc = appliedUtc;
    }

    public string Name { get; private set; } = "";

    public DateTime StartedUtc { get; private set; }

    public DateTime LastSeenUtc { get; private set; }

    /// <summary>The newest change-log row its published snapshot includes.</summary>
    public long AppliedPosition { get; private set; }

    /// <summary>When it last built its snapshot because of changes made elsewhere (or its start).</summary>
    public DateTime? AppliedUtc { get; private set; }
}

internal sealed class SiteInstanceConfiguration : IEntityTypeConfiguration<SiteInstance>
{
    public void Configure(EntityTypeBuilder<SiteInstance> b)
    {
        b.ToTable("cmsInstance");
        b.HasKey(x => x.Name);
        b.Property(x => x.Name).HasMaxLength(SiteInstance.NameMaxLength);
    }
}
