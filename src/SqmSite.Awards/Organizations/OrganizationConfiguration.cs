using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using SqmSite.Awards.Nominations;

namespace SqmSite.Awards.Organizations;

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
