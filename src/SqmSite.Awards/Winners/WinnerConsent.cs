using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using SqmSite.Awards.Nominations;

namespace SqmSite.Awards.Winners;

/// <summary>Where the firm may publish a winner's name, logo and edited story.</summary>
[Flags]
public enum PublishingChannels
{
    None = 0,
    Website = 1,
    Email = 2,
    SocialMedia = 4,
    PressReleases = 8,
    Books = 16,
    WhitePapers = 32,
    Webinars = 64,
    All = Website | Email | SocialMedia | PressReleases | Books | WhitePapers | Webinars,
}

/// <summary>How a consent reached the firm.</summary>
public enum ConsentMethod
{
    /// <summary>Signed by a contact of the organization in the portal.</summary>
    Portal,

    /// <summary>Received on paper; staff recorded it with the signed PDF.</summary>
    Paper,
}

/// <summary>
/// A winner's publishing consent: who signed which version of the terms, for which channels, when, and whether it was
/// later withdrawn. Rows are never deleted or rewritten (a withdrawal is added to the row, the signature stays): the
/// record is kept forever. Consent is "in force" for the website while it is not withdrawn and names the website.
/// </summary>
public sealed class WinnerConsent
{
    public const int NameMaxLength = 200;
    public const int ReasonMaxLength = 2_000;

    private WinnerConsent()
    {
    }

    internal WinnerConsent(int nominationId, int organizationId, ConsentMethod method, string signerName, string signerJobTitle,
        PublishingChannels channels, Guid termsKey, int termsVersion, DateTime signedUtc, string recordedBy, DateTime recordedUtc, Guid? paperFileKey)
    {
        Key = Guid.NewGuid();
        NominationId = nominationId;
        OrganizationId = organizationId;
        Method = method;
        SignerName = signerName;
        SignerJobTitle = signerJobTitle;
        Channels = channels;
        TermsKey = termsKey;
        TermsVersion = termsVersion;
        SignedUtc = signedUtc;
        RecordedBy = recordedBy;
        RecordedUtc = recordedUtc;
        PaperFileKey = paperFileKey;
    }

    public int Id { get; private set; }

    public Guid Key { get; private set; }

    public int NominationId { get; private set; }

    public int OrganizationId { get; private set; }

    public ConsentMethod Method { get; private set; }

    public string SignerName { get; private set; } = "";

    public string SignerJobTitle { get; private set; } = "";

    public PublishingChannels Channels { get; private set; }

    /// <summary>The terms content item and the number of its version that was signed.</summary>
    public Guid TermsKey { get; private set; }

    public int TermsVersion { get; private set; }

    /// <summary>When it was signed (for paper, the date on the paper).</summary>
    public DateTime SignedUtc { get; private set; }

    /// <summary>Who recorded it: the portal user who signed, or the member of staff who entered the paper.</summary>
    public string RecordedBy { get; private set; } = "";

    public DateTime RecordedUtc { get; private set; }

    /// <summary>The signed PDF (a private file of the organization), for paper consents.</summary>
    public Guid? PaperFileKey { get; private set; }

    /// <summary>The date the organization withdrew its consent, as staff recorded it.</summary>
    public DateTime? WithdrawnUtc { get; private set; }

    public string? WithdrawalReason { get; private set; }

    public string? WithdrawalRecordedBy { get; private set; }

    public DateTime? WithdrawalRecordedUtc { get; private set; }

    public bool IsWithdrawn => WithdrawalRecordedUtc is not null;

    /// <summary>Whether this consent lets the website show the winner.</summary>
    public bool InForce => !IsWithdrawn && Channels.HasFlag(PublishingChannels.Website);

    internal void Withdraw(DateTime withdrawnUtc, string reason, string actor, DateTime utcNow)
    {
        WithdrawnUtc = withdrawnUtc;
        WithdrawalReason = reason;
        WithdrawalRecordedBy = actor;
        WithdrawalRecordedUtc = utcNow;
    }

    /// <summary>The channels a form posted (one value per ticked box), unknown bits dropped.</summary>
    public static PublishingChannels Combine(IEnumerable<PublishingChannels> ticked) =>
        ticked.Aggregate(PublishingChannels.None, (all, c) => all | (c & PublishingChannels.All));

    /// <summary>The channels in the words of the terms, in their order.</summary>
    public static string Describe(PublishingChannels channels) =>
        channels == PublishingChannels.None ? "none" : string.Join(", ", ChannelList.Where(c => channels.HasFlag(c.Channel)).Select(c => c.Label));

    public static readonly IReadOnlyList<(PublishingChannels Channel, string Label)> ChannelList =
    [
        (PublishingChannels.Website, "Website"),
        (PublishingChannels.Email, "Email"),
        (PublishingChannels.SocialMedia, "Social media"),
        (PublishingChannels.PressReleases, "Press releases"),
        (PublishingChannels.Books, "Books"),
        (PublishingChannels.WhitePapers, "White papers"),
        (PublishingChannels.Webinars, "Webinars"),
    ];
}

/// <summary>
/// Ties a declared winner to the content item of its winner story. The publishing guard reads it: a winner story that
/// is not tied to a winner (made by hand, or imported from another site) is never published.
/// </summary>
public sealed class WinnerStoryLink
{
    private WinnerStoryLink()
    {
    }

    internal WinnerStoryLink(int nominationId, Guid contentKey, DateTime utcNow)
    {
        NominationId = nominationId;
        ContentKey = contentKey;
        CreatedUtc = utcNow;
    }

    public int Id { get; private set; }

    public int NominationId { get; private set; }

    public Guid ContentKey { get; private set; }

    /// <summary>The library copy of the organization's logo, made once consent exists and deleted when it is withdrawn.</summary>
    public Guid? LogoMediaKey { get; private set; }

    public DateTime CreatedUtc { get; private set; }

    internal void PointAt(Guid contentKey) => ContentKey = contentKey;

    internal void SetLogo(Guid? mediaKey) => LogoMediaKey = mediaKey;
}

internal sealed class WinnerConsentConfiguration : IEntityTypeConfiguration<WinnerConsent>
{
    public void Configure(EntityTypeBuilder<WinnerConsent> b)
    {
        b.ToTable("awWinnerConsent");
        b.HasIndex(x => x.Key).IsUnique();
        b.HasIndex(x => x.NominationId);
        b.HasIndex(x => x.OrganizationId);
        b.Property(x => x.Method).HasConversion<string>().HasMaxLength(16);
        b.Property(x => x.SignerName).HasMaxLength(WinnerConsent.NameMaxLength * TextLength.StorageFactor);
        b.Property(x => x.SignerJobTitle).HasMaxLength(WinnerConsent.NameMaxLength * TextLength.StorageFactor);
        b.Property(x => x.RecordedBy).HasMaxLength(256);
        b.Property(x => x.WithdrawalRecordedBy).HasMaxLength(256);
        b.Property(x => x.WithdrawalReason).HasMaxLength(WinnerConsent.ReasonMaxLength * TextLength.StorageFactor);
        b.HasOne<Nominations.Nomination>().WithMany().HasForeignKey(x => x.NominationId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class WinnerStoryLinkConfiguration : IEntityTypeConfiguration<WinnerStoryLink>
{
    public void Configure(EntityTypeBuilder<WinnerStoryLink> b)
    {
        b.ToTable("awWinnerStory");
        b.HasIndex(x => x.NominationId).IsUnique();
        b.HasIndex(x => x.ContentKey).IsUnique();
        b.HasOne<Nominations.Nomination>().WithMany().HasForeignKey(x => x.NominationId).OnDelete(DeleteBehavior.Cascade);
    }
}
