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

    public DbSet<Winners.WinnerConsent> WinnerConsents => Set<Winners.WinnerConsent>();

    public DbSet<Winners.WinnerStoryLink> WinnerStories => Set<Winners.WinnerStoryLink>();

    public DbSet<Certification.CertificationStandard> CertificationStandards => Set<Certification.CertificationStandard>();

    public DbSet<Certification.CertificationAssessment> CertificationAssessments => Set<Certification.CertificationAssessment>();

    public DbSet<Certification.Certificate> Certificates => Set<Certification.Certificate>();

    public DbSet<Nominations.OutsideNomination> OutsideNominations => Set<Nominations.OutsideNomination>();

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
