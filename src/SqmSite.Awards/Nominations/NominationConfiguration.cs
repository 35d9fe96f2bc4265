using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using SqmSite.Awards.Cycles;
using SqmSite.Awards.Organizations;
using SqmSite.Cms.Data;

namespace SqmSite.Awards.Nominations;

internal sealed class NominationConfiguration : IEntityTypeConfiguration<Nomination>
{
    public void Configure(EntityTypeBuilder<Nomination> b)
    {
        b.ToTable("awNomination");
        b.HasIndex(x => x.Key).IsUnique();

        // One nomination per organization, category and cycle (and person or team, where the kind takes several):
        // a double submit cannot make two.
        b.HasIndex(x => new { x.OrganizationId, x.CycleId, x.CategoryKey, x.SubjectKey }).IsUnique();
        b.Property(x => x.Kind).HasConversion<string>().HasMaxLength(32);
        b.Property(x => x.SubjectName).HasMaxLength(CategoryKinds.PersonNameMaxLength * TextLength.StorageFactor);
        b.Property(x => x.SubjectJobTitle).HasMaxLength(CategoryKinds.JobTitleMaxLength * TextLength.StorageFactor);
        b.Property(x => x.SubjectKey).HasMaxLength(CategoryKinds.PersonNameMaxLength * TextLength.StorageFactor);
        b.Property(x => x.TeamMembers).HasJsonConversion();
        b.Ignore(x => x.KindRules);
        b.Ignore(x => x.Title);
        b.Ignore(x => x.EligibleWithoutChecklist);
        b.HasIndex(x => new { x.CycleId, x.State });
        b.Property(x => x.State).HasConversion<string>().HasMaxLength(32);
        b.Property(x => x.CategoryName).HasMaxLength(200);
        b.Property(x => x.Overview).HasMaxLength(8000);
        b.Property(x => x.EligibilityReason).HasMaxLength(4000);
        b.Property(x => x.CertificateNumber).HasMaxLength(32);

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

internal sealed class OutsideNominationConfiguration : IEntityTypeConfiguration<OutsideNomination>
{
    public void Configure(EntityTypeBuilder<OutsideNomination> b)
    {
        b.ToTable("awOutsideNomination");
        b.HasIndex(x => x.Key).IsUnique();
        b.HasIndex(x => x.ConfirmTokenHash).IsUnique();
        b.HasIndex(x => x.InviteTokenHash);
        b.HasIndex(x => new { x.CycleId, x.CategoryKey, x.CandidateKey });
        b.HasIndex(x => x.NominationId);
        b.Property(x => x.Kind).HasConversion<string>().HasMaxLength(32);
        b.Property(x => x.State).HasConversion<string>().HasMaxLength(32);
        b.Property(x => x.Relationship).HasConversion<string>().HasMaxLength(32);
        b.Property(x => x.CategoryName).HasMaxLength(200);
        b.Property(x => x.NominatorName).HasMaxLength(OutsideNomination.NameMaxLength * TextLength.StorageFactor);
        b.Property(x => x.NominatorEmail).HasMaxLength(OutsideNomination.EmailMaxLength);
        b.Property(x => x.OrganizationName).HasMaxLength(OutsideNomination.NameMaxLength * TextLength.StorageFactor);
        b.Property(x => x.SubjectName).HasMaxLength(OutsideNomination.NameMaxLength * TextLength.StorageFactor);
        b.Property(x => x.ContactEmail).HasMaxLength(OutsideNomination.EmailMaxLength);
        b.Property(x => x.Reason).HasMaxLength(OutsideNomination.ReasonMaxLength * TextLength.StorageFactor);
        b.Property(x => x.CandidateKey).HasMaxLength(2 * OutsideNomination.NameMaxLength * TextLength.StorageFactor + 1);
        b.Property(x => x.ConfirmTokenHash).HasMaxLength(64);
        b.Property(x => x.InviteTokenHash).HasMaxLength(64);
        b.Property(x => x.RefusalReason).HasMaxLength(OutsideNomination.RefusalMaxLength * TextLength.StorageFactor);
        b.Property(x => x.ScreenedBy).HasMaxLength(256);
        b.Ignore(x => x.Candidate);
        b.Ignore(x => x.CanScreen);
        b.HasOne<AwardCycle>().WithMany().HasForeignKey(x => x.CycleId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Nomination>().WithMany().HasForeignKey(x => x.NominationId).OnDelete(DeleteBehavior.SetNull);
        b.HasOne<OutsideNomination>().WithMany().HasForeignKey(x => x.MergedIntoId).OnDelete(DeleteBehavior.Restrict);
    }
}
