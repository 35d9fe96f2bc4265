using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace SqmSite.Awards.Notices;

/// <summary>What staff hear about. Stored as text.</summary>
public enum StaffNoticeKind
{
    Application,
    ChecklistSubmitted,
    StorySubmitted,
    ContactMessage,

    /// <summary>A winner answered that nobody can come to the gala: staff hear at once, whatever their setting.</summary>
    GalaWinnerWithoutAttendee,
}

/// <summary>How one staff user hears of new events. Stored as text; no row means <see cref="DailyDigest"/>.</summary>
public enum StaffNoticeMode
{
    DailyDigest,
    EachEvent,
    None,
}

/// <summary>
/// Something staff should know of: a new application, a submitted checklist or story, a contact message. Kept so the
/// daily digest can list what happened since each user's last digest.
/// </summary>
public sealed class StaffNotice
{
    public const int SummaryMaxLength = 1_000;

    private StaffNotice()
    {
    }

    public StaffNotice(StaffNoticeKind kind, string summary, string? path, DateTime atUtc)
    {
        Kind = kind;
        Summary = summary.Length > SummaryMaxLength ? summary[..(SummaryMaxLength - 1)] + "…" : summary;
        Path = path;
        AtUtc = atUtc;
    }

    public long Id { get; private set; }

    public StaffNoticeKind Kind { get; private set; }

    /// <summary>One line for people: "Acme Care applied in Email Channel."</summary>
    public string Summary { get; private set; } = "";

    /// <summary>The backoffice page to open (site-relative), if any.</summary>
    public string? Path { get; private set; }

    public DateTime AtUtc { get; private set; }

    public static string Describe(StaffNoticeKind kind) => kind switch
    {
        StaffNoticeKind.Application => "New application",
        StaffNoticeKind.ChecklistSubmitted => "Checklist submitted",
        StaffNoticeKind.StorySubmitted => "Story submitted",
        StaffNoticeKind.ContactMessage => "Contact message",
        StaffNoticeKind.GalaWinnerWithoutAttendee => "Winner without a gala attendee",
        _ => kind.ToString(),
    };
}

/// <summary>One staff user's choice, and when their last digest went out (the next lists what came after).</summary>
public sealed class StaffNoticeSetting
{
    private StaffNoticeSetting()
    {
    }

    public StaffNoticeSetting(string userId, StaffNoticeMode mode, DateTime utcNow)
    {
        UserId = userId;
        Mode = mode;
        ChangedUtc = utcNow;
    }

    public string UserId { get; private set; } = "";

    public StaffNoticeMode Mode { get; private set; }

    public DateTime ChangedUtc { get; private set; }

    /// <summary>The moment the last digest covered up to; null before the first.</summary>
    public DateTime? LastDigestUtc { get; private set; }

    public void Change(StaffNoticeMode mode, DateTime utcNow)
    {
        Mode = mode;
        ChangedUtc = utcNow;
    }

    public void DigestSent(DateTime upToUtc) => LastDigestUtc = upToUtc;
}

internal sealed class StaffNoticeConfiguration : IEntityTypeConfiguration<StaffNotice>
{
    public void Configure(EntityTypeBuilder<StaffNotice> b)
    {
        b.ToTable("awStaffNotice");
        b.HasKey(x => x.Id);
        b.Property(x => x.Kind).HasConversion<string>().HasMaxLength(32);
        b.Property(x => x.Summary).HasMaxLength(StaffNotice.SummaryMaxLength * 4);
        b.Property(x => x.Path).HasMaxLength(400);
        b.HasIndex(x => x.AtUtc);
    }
}

internal sealed class StaffNoticeSettingConfiguration : IEntityTypeConfiguration<StaffNoticeSetting>
{
    public void Configure(EntityTypeBuilder<StaffNoticeSetting> b)
    {
        b.ToTable("awStaffNoticeSetting");
        b.HasKey(x => x.UserId);
        b.Property(x => x.UserId).HasMaxLength(450);
        b.Property(x => x.Mode).HasConversion<string>().HasMaxLength(32);
    }
}
