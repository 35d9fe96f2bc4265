using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Design;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using SqmSite.Awards.Cycles;
using SqmSite.Awards.Nominations;
using SqmSite.Awards.Organizations;
using SqmSite.Cms.Data;

namespace SqmSite.Awards.Data;

/// <summary>
/// The awards package's own tables, in the same database as the engine but never touching the engine's
/// tables (an Umbraco package keeps to its own schema too). One subclass per provider owns its migrations.
/// </summary>
public abstract class AwardsDbContext(DbContextOptions options) : DbContext(options)
{
    public const string MigrationsHistoryTable = "__AwardsMigrationsHistory";

    public DbSet<AwardCycle> Cycles => Set<AwardCycle>();

    public DbSet<Organization> Organizations => Set<Organization>();

    public DbSet<OrganizationMember> OrganizationMembers => Set<OrganizationMember>();

    public DbSet<OrganizationInvitation> OrganizationInvitations => Set<OrganizationInvitation>();

    public DbSet<Nomination> Nominations => Set<Nomination>();

    public DbSet<StoryAttachment> StoryAttachments => Set<StoryAttachment>();

    public DbSet<Notices.StaffNotice> StaffNotices => Set<Notices.StaffNotice>();

    public DbSet<Notices.StaffNoticeSetting> StaffNoticeSettings => Set<Notices.StaffNoticeSetting>();

    public DbSet<Judging.JudgeProfile> Judges => Set<Judging.JudgeProfile>();

    public DbSet<Judging.JudgeInvitation> JudgeInvitations => Set<Judging.JudgeInvitation>();

    public DbSet<Judging.Panel> Panels => Set<Judging.Panel>();

    public DbSet<Judging.JudgeAssignment> JudgeAssignments => Set<Judging.JudgeAssignment>();

    public DbSet<Judging.JudgingSetup> JudgingSetups => Set<Judging.JudgingSetup>();

    public DbSet<Judging.ScoreSheet> ScoreSheets => Set<Judging.ScoreSheet>();

    public DbSet<Judging.WinnerDecision> WinnerDecisions => Set<Judging.WinnerDecision>();

    protected override void OnModelCreating(ModelBuilder modelBuilder) =>
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(AwardsDbContext).Assembly);


    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder) => configurationBuilder.UseUtcDateTimes();
}

public sealed class SqliteAwardsDbContext(DbContextOptions<SqliteAwardsDbContext> options) : AwardsDbContext(options);

public sealed class PostgreSqlAwardsDbContext(DbContextOptions<PostgreSqlAwardsDbContext> options) : AwardsDbContext(options);

internal sealed class SqliteAwardsDesignTimeFactory : IDesignTimeDbContextFactory<SqliteAwardsDbContext>
{
    public SqliteAwardsDbContext CreateDbContext(string[] args) => new(new DbContextOptionsBuilder<SqliteAwardsDbContext>()
        .UseSqlite("Data Source=design.db", o => o.MigrationsHistoryTable(AwardsDbContext.MigrationsHistoryTable)).Options);
}

internal sealed class PostgreSqlAwardsDesignTimeFactory : IDesignTimeDbContextFactory<PostgreSqlAwardsDbContext>
{
    public PostgreSqlAwardsDbContext CreateDbContext(string[] args) => new(new DbContextOptionsBuilder<PostgreSqlAwardsDbContext>()
        .UseNpgsql("Host=localhost;Database=design", o => o.MigrationsHistoryTable(AwardsDbContext.MigrationsHistoryTable)).Options);
}

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

internal sealed class OrganizationConfiguration : IEntityTypeConfiguration<Organization>
{
    public void Configure(EntityTypeBuilder<Organization> b)
    {
        b.ToTable("awOrganization");
        b.HasIndex(x => x.Key).IsUnique();
        b.Property(x => x.OfficialName).HasMaxLength(Organization.MaxOfficialNameLength * TextLength.StorageFactor);
        b.Property(x => x.Website).HasMaxLength(Organization.MaxWebsiteLength);
    }
}

internal sealed class OrganizationInvitationConfiguration : IEntityTypeConfiguration<OrganizationInvitation>
{
    public void Configure(EntityTypeBuilder<OrganizationInvitation> b)
    {
        b.ToTable("awOrganizationInvitation");
        b.HasIndex(x => x.Key).IsUnique();

        // The link's token is found by its hash: an index lookup, no comparison of secrets in code.
        b.HasIndex(x => x.TokenHash).IsUnique();

        // One open invitation per address and organization, so a double submit cannot send two.
        b.HasIndex(x => new { x.OrganizationId, x.NormalizedEmail }).IsUnique()
            .HasFilter("\"AcceptedUtc\" IS NULL AND \"RevokedUtc\" IS NULL");
        b.Property(x => x.Email).HasMaxLength(OrganizationInvitation.MaxEmailLength);
        b.Property(x => x.NormalizedEmail).HasMaxLength(OrganizationInvitation.MaxEmailLength);
        b.Property(x => x.Name).HasMaxLength(OrganizationInvitation.MaxNameLength * TextLength.StorageFactor);
        b.Property(x => x.InvitedByUserId).HasMaxLength(450);
        b.Property(x => x.AcceptedUserId).HasMaxLength(450);
        b.Property(x => x.TokenHash).HasMaxLength(64).IsConcurrencyToken();

        // Accepting, revoking and sending again race with each other (two tabs, two colleagues): the last one
        // to save finds the row changed and is refused instead of reopening or reusing the invitation.
        b.Property(x => x.AcceptedUtc).IsConcurrencyToken();
        b.Property(x => x.RevokedUtc).IsConcurrencyToken();
        b.Ignore(x => x.IsOpen);
        b.HasOne<Organization>().WithMany().HasForeignKey(x => x.OrganizationId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class OrganizationMemberConfiguration : IEntityTypeConfiguration<OrganizationMember>
{
    public void Configure(EntityTypeBuilder<OrganizationMember> b)
    {
        b.ToTable("awOrganizationMember");
        b.HasIndex(x => x.UserId).IsUnique();
        b.Property(x => x.UserId).HasMaxLength(450);
        b.HasOne<Organization>().WithMany().HasForeignKey(x => x.OrganizationId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class NominationConfiguration : IEntityTypeConfiguration<Nomination>
{
    public void Configure(EntityTypeBuilder<Nomination> b)
    {
        b.ToTable("awNomination");
        b.HasIndex(x => x.Key).IsUnique();

        // One nomination per organization, category and cycle: a double submit cannot make two.
        b.HasIndex(x => new { x.OrganizationId, x.CycleId, x.CategoryKey }).IsUnique();
        b.HasIndex(x => new { x.CycleId, x.State });
        b.Property(x => x.State).HasConversion<string>().HasMaxLength(32);
        b.Property(x => x.CategoryName).HasMaxLength(200);
        b.Property(x => x.Overview).HasMaxLength(8000);
        b.Property(x => x.EligibilityReason).HasMaxLength(4000);

        // The domain allows 1,000 characters as a person counts them; a character may take several code points.
        b.Property(x => x.DeadlineExtensionReason).HasMaxLength(4000);
        b.Property(x => x.Interviewer).HasMaxLength(Nomination.InterviewerMaxLength * TextLength.StorageFactor);
        b.Property(x => x.InterviewNotes).HasMaxLength(Nomination.InterviewNotesMaxLength * TextLength.StorageFactor);
        b.Property(x => x.OnsiteVisitBy).HasMaxLength(Nomination.InterviewerMaxLength * TextLength.StorageFactor);
        b.Property(x => x.OnsiteVisitNotes).HasMaxLength(Nomination.InterviewNotesMaxLength * TextLength.StorageFactor);
        b.HasOne<Organization>().WithMany().HasForeignKey(x => x.OrganizationId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<AwardCycle>().WithMany().HasForeignKey(x => x.CycleId).OnDelete(DeleteBehavior.Restrict);
        b.Ignore(x => x.IsFinalistDecision);
        b.Ignore(x => x.VisibleState);
        b.Ignore(x => x.VisibleExtension);
        b.OwnsOne(x => x.Story, s =>
        {
            s.Property(x => x.Text).HasColumnName("StoryText");
            s.Property(x => x.People).HasColumnName("StoryPeople");
            s.Property(x => x.Process).HasColumnName("StoryProcess");
            s.Property(x => x.Technology).HasColumnName("StoryTechnology");
            s.Property(x => x.Ratings).HasColumnName("StoryRatings").HasJsonConversion();
            s.Property(x => x.LastSavedUtc).HasColumnName("StoryLastSavedUtc");
            s.Property(x => x.SubmittedUtc).HasColumnName("StorySubmittedUtc");
        });
        b.Navigation(x => x.Story).IsRequired();

        // Saving a story draft races with itself (autosave, two tabs): the revision keeps the last write honest.
        b.Property(x => x.Revision).IsConcurrencyToken();
        b.OwnsMany(x => x.Events, e =>
        {
            e.ToTable("awNominationEvent");
            e.WithOwner().HasForeignKey("NominationId");
            e.HasKey(x => x.Id);
            e.Property(x => x.From).HasConversion<string>().HasMaxLength(32);
            e.Property(x => x.To).HasConversion<string>().HasMaxLength(32);
            e.Property(x => x.Action).HasMaxLength(100);
            e.Property(x => x.Actor).HasMaxLength(256);
            e.Property(x => x.Reason).HasMaxLength(4000);
        });
        b.Navigation(x => x.Events).UsePropertyAccessMode(PropertyAccessMode.Field);
    }
}

internal sealed class StoryAttachmentConfiguration : IEntityTypeConfiguration<StoryAttachment>
{
    public void Configure(EntityTypeBuilder<StoryAttachment> b)
    {
        b.ToTable("awStoryAttachment");
        b.HasIndex(x => x.MediaKey).IsUnique();
        b.HasIndex(x => x.NominationId);
        b.Property(x => x.FileName).HasMaxLength(255);
        b.Property(x => x.ContentType).HasMaxLength(100);
        b.Property(x => x.Description).HasMaxLength(StoryAttachment.DescriptionMaxLength * TextLength.StorageFactor);
        b.Property(x => x.UploadedBy).HasMaxLength(256);
        b.HasOne<Nomination>().WithMany().HasForeignKey(x => x.NominationId).OnDelete(DeleteBehavior.Cascade);
    }
}
