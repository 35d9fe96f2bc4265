using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using SqmSite.Awards.Nominations;
using SqmSite.Cms.Data;

namespace SqmSite.Awards.Cycles;

internal sealed class AwardCycleConfiguration : IEntityTypeConfiguration<AwardCycle>
{
    public void Configure(EntityTypeBuilder<AwardCycle> b)
    {
        b.ToTable("awCycle");
        b.HasIndex(x => x.Key).IsUnique();
        b.HasIndex(x => x.Year).IsUnique();
        // Text columns hold TextLength.StorageFactor code units per character a person counts (see TextLength.Check).
        b.Property(x => x.Name).HasMaxLength(AwardCycle.NameMaxLength * TextLength.StorageFactor);
        b.Property(x => x.TimeZoneId).HasMaxLength(64);
        b.Property<List<Guid>>("_categoryKeys").HasColumnName("CategoryKeys").HasJsonConversion();
        b.Ignore(x => x.CategoryKeys);
        b.Ignore(x => x.RatingsYears);
        b.Ignore(x => x.TimeZone);
        b.OwnsOne(x => x.Dates);
    }
}
