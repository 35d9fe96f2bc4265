using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using SqmSite.Awards.Cycles;
using SqmSite.Awards.Nominations;
using SqmSite.Cms.Data;

namespace SqmSite.Awards.Judging;

internal sealed class JudgeProfileConfiguration : IEntityTypeConfiguration<JudgeProfile>
{
    public void Configure(EntityTypeBuilder<JudgeProfile> b)
    {
        b.ToTable("awJudge");
        b.HasIndex(x => x.Key).IsUnique();
        b.HasIndex(x => x.UserId).IsUnique();
        b.Property(x => x.UserId).HasMaxLength(450);
        b.Property(x => x.Name).HasMaxLength(JudgeProfile.NameMaxLength * TextLength.StorageFactor);
        b.Property(x => x.Employer).HasMaxLength(JudgeProfile.EmployerMaxLength * TextLength.StorageFactor);
        b.Property<List<int>>("_neverJudge").HasColumnName("NeverJudge").HasJsonConversion();
        b.Ignore(x => x.NeverJudge);
    }
}

internal sealed class JudgeInvitationConfiguration : IEntityTypeConfiguration<JudgeInvitation>
{
    public void Configure(EntityTypeBuilder<JudgeInvitation> b)
    {
        b.ToTable("awJudgeInvitation");
        b.HasIndex(x => x.Key).IsUnique();
        b.HasIndex(x => x.TokenHash).IsUnique();

        // One open invitation per address, so a double submit cannot send two.
        b.HasIndex(x => x.NormalizedEmail).IsUnique().HasFilter("\"AcceptedUtc\" IS NULL AND \"RevokedUtc\" IS NULL");
        b.Property(x => x.Email).HasMaxLength(JudgeInvitation.MaxEmailLength);
        b.Property(x => x.NormalizedEmail).HasMaxLength(JudgeInvitation.MaxEmailLength);
        b.Property(x => x.Name).HasMaxLength(JudgeProfile.NameMaxLength * TextLength.StorageFactor);
        b.Property(x => x.Employer).HasMaxLength(JudgeProfile.EmployerMaxLength * TextLength.StorageFactor);
        b.Property(x => x.InvitedBy).HasMaxLength(256);
        b.Property(x => x.TokenHash).HasMaxLength(64);

        // Accepting twice at once (a double submit): the second save finds the row changed.
        b.Property(x => x.AcceptedUtc).IsConcurrencyToken();
        b.Property(x => x.RevokedUtc).IsConcurrencyToken();
    }
}

internal sealed class PanelConfiguration : IEntityTypeConfiguration<Panel>
{
    public void Configure(EntityTypeBuilder<Panel> b)
    {
        b.ToTable("awPanel");
        b.HasIndex(x => x.Key).IsUnique();
        b.HasIndex(x => new { x.CycleId, x.CategoryKey }).IsUnique();
        b.Property(x => x.CategoryName).HasMaxLength(200);
        b.Property<List<int>>("_judgeIds").HasColumnName("JudgeIds").HasJsonConversion();
        b.Ignore(x => x.JudgeIds);
        b.HasOne<AwardCycle>().WithMany().HasForeignKey(x => x.CycleId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<JudgeProfile>().WithMany().HasForeignKey(x => x.LeadJudgeId).OnDelete(DeleteBehavior.SetNull);
    }
}

internal sealed class JudgeAssignmentConfiguration : IEntityTypeConfiguration<JudgeAssignment>
{
    public void Configure(EntityTypeBuilder<JudgeAssignment> b)
    {
        b.ToTable("awJudgeAssignment");
        b.HasIndex(x => x.Key).IsUnique();

        // A judge is assigned an entry once: two staff assigning at the same moment cannot make two rows.
        b.HasIndex(x => new { x.NominationId, x.JudgeId }).IsUnique();
        b.HasIndex(x => x.JudgeId);
        b.Property(x => x.Source).HasConversion<string>().HasMaxLength(16);
        b.Property(x => x.AssignedBy).HasMaxLength(256);
        b.Property(x => x.ConflictReason).HasMaxLength(JudgeAssignment.ConflictReasonMaxLength * TextLength.StorageFactor);
        b.Ignore(x => x.IsConflict);
        b.HasOne<Panel>().WithMany().HasForeignKey(x => x.PanelId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<Nomination>().WithMany().HasForeignKey(x => x.NominationId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<JudgeProfile>().WithMany().HasForeignKey(x => x.JudgeId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class JudgingSetupConfiguration : IEntityTypeConfiguration<JudgingSetup>
{
    public void Configure(EntityTypeBuilder<JudgingSetup> b)
    {
        b.ToTable("awJudgingSetup");
        b.HasIndex(x => x.CycleId).IsUnique();
        b.Property<List<Criterion>>("_criteria").HasColumnName("Criteria").HasJsonConversion();
        b.Ignore(x => x.Criteria);
        b.Ignore(x => x.IsLocked);

        // Locking races with editing the criteria: whichever saves second finds the row changed.
        b.Property(x => x.LockedUtc).IsConcurrencyToken();
        b.HasOne<AwardCycle>().WithMany().HasForeignKey(x => x.CycleId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class ScoreSheetConfiguration : IEntityTypeConfiguration<ScoreSheet>
{
    public void Configure(EntityTypeBuilder<ScoreSheet> b)
    {
        b.ToTable("awScoreSheet");
        b.HasIndex(x => x.AssignmentId).IsUnique();
        b.Property(x => x.State).HasConversion<string>().HasMaxLength(16);
        b.Property<List<CriterionScore>>("_scores").HasColumnName("Scores").HasJsonConversion();
        b.Ignore(x => x.Scores);
        b.Ignore(x => x.IsSubmitted);
        b.Property(x => x.Revision).IsConcurrencyToken();
        b.HasOne<JudgeAssignment>().WithMany().HasForeignKey(x => x.AssignmentId).OnDelete(DeleteBehavior.Cascade);
        b.OwnsMany(x => x.Changes, c =>
        {
            c.ToTable("awScoreChange");
            c.WithOwner().HasForeignKey("ScoreSheetId");
            c.HasKey(x => x.Id);
            c.Property(x => x.Actor).HasMaxLength(256);
            c.Property(x => x.Reason).HasMaxLength(4000);
            c.Property(x => x.OldComment).HasMaxLength(ScoreSheet.CommentMaxLength * TextLength.StorageFactor);
            c.Property(x => x.NewComment).HasMaxLength(ScoreSheet.CommentMaxLength * TextLength.StorageFactor);
        });
        b.Navigation(x => x.Changes).UsePropertyAccessMode(PropertyAccessMode.Field);
    }
}

internal sealed class WinnerDecisionConfiguration : IEntityTypeConfiguration<WinnerDecision>
{
    public void Configure(EntityTypeBuilder<WinnerDecision> b)
    {
        b.ToTable("awWinnerDecision");

        // Exactly one decision per category and cycle: two staff declaring at once cannot both succeed.
        b.HasIndex(x => new { x.CycleId, x.CategoryKey }).IsUnique();
        b.Property(x => x.Note).HasMaxLength(WinnerDecision.NoteMaxLength * TextLength.StorageFactor);
        b.Property(x => x.DecidedBy).HasMaxLength(256);
        b.HasOne<AwardCycle>().WithMany().HasForeignKey(x => x.CycleId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Nomination>().WithMany().HasForeignKey(x => x.NominationId).OnDelete(DeleteBehavior.Restrict);
    }
}
