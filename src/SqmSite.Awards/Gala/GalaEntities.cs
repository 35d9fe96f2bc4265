using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using SqmSite.Cms.Data;
using SqmSite.Awards.Cycles;
using SqmSite.Awards.Nominations;
using SqmSite.Awards.Organizations;

namespace SqmSite.Awards.Gala;

/// <summary>
/// The awards gala dinner of one cycle: when and where, how many seats, until when people answer, and how many seats
/// an organization may fill. One per cycle; the public conference page reads it.
/// </summary>
public sealed class GalaEvent
{
    public const int VenueMaxLength = 200;
    public const int AddressMaxLength = 500;
    public const int DetailsMaxLength = 2_000;
    public const int MaxCapacity = 5_000;
    public const int MaxSeatsPerOrganization = 20;

    /// <summary>Reminder days before the RSVP deadline when no setting says otherwise.</summary>
    public static readonly IReadOnlyList<int> DefaultReminderDays = [21, 7, 2];

    private GalaEvent()
    {
    }

    public GalaEvent(int cycleId, DateTime startsUtc, DateTime rsvpDeadlineUtc)
    {
        CycleId = cycleId;
        StartsUtc = startsUtc;
        RsvpDeadlineUtc = rsvpDeadlineUtc;
        ReminderDays = [.. DefaultReminderDays];
    }

    public int Id { get; private set; }

    public int CycleId { get; private set; }

    /// <summary>When the dinner starts.</summary>
    public DateTime StartsUtc { get; private set; }

    public string Venue { get; private set; } = "";

    public string Address { get; private set; } = "";

    /// <summary>What the public conference page may say beyond date and venue (dress code, programme); plain text.</summary>
    public string PublicDetails { get; private set; } = "";

    /// <summary>Seats at the dinner; never exceeded (see <see cref="GalaSeats"/>).</summary>
    public int Capacity { get; private set; } = 200;

    /// <summary>Until then invitees accept, decline, change or substitute their people; after it, staff do.</summary>
    public DateTime RsvpDeadlineUtc { get; private set; }

    /// <summary>Seats an invited organization may fill unless staff raised it for that organization.</summary>
    public int SeatsPerOrganization { get; private set; } = 2;

    public bool FinalistsInvited { get; private set; }

    /// <summary>Seats at one table, for the seating plan.</summary>
    public int TableSize { get; private set; } = 10;

    /// <summary>Days before the RSVP deadline when a winner without a confirmed attendee is reminded, largest first.</summary>
    public List<int> ReminderDays { get; private set; } = [];

    public DateTime? UpdatedUtc { get; private set; }

    /// <summary>How long a link and a door code work: until the day after the dinner.</summary>
    public DateTime LinksExpireUtc => StartsUtc.AddDays(1);

    /// <summary>The number of tables the seating plan offers.</summary>
    public int Tables => Math.Max(1, (Capacity + TableSize - 1) / TableSize);

    public bool RsvpOpen(DateTime utcNow) => utcNow <= RsvpDeadlineUtc;

    internal void Update(DateTime startsUtc, string venue, string address, string publicDetails, int capacity, DateTime rsvpDeadlineUtc,
        int seatsPerOrganization, bool finalistsInvited, int tableSize, IEnumerable<int> reminderDays, DateTime utcNow)
    {
        StartsUtc = startsUtc;
        Venue = venue;
        Address = address;
        PublicDetails = publicDetails;
        Capacity = capacity;
        RsvpDeadlineUtc = rsvpDeadlineUtc;
        SeatsPerOrganization = seatsPerOrganization;
        FinalistsInvited = finalistsInvited;
        TableSize = tableSize;
        ReminderDays = [.. reminderDays.Distinct().OrderDescending()];
        UpdatedUtc = utcNow;
    }
}

/// <summary>Why someone is invited. Stored as text.</summary>
public enum InvitationKind
{
    /// <summary>A winning organization: at least one person must attend, and its first person always has a seat.</summary>
    Winner,

    Finalist,

    /// <summary>A named guest staff added (a judge, a sponsor): one seat unless staff give more.</summary>
    Guest,
}

/// <summary>
/// One invitation to the gala: an organization (winner or finalist) or a named guest. Its people answer through
/// personal links (<see cref="Links"/>, only hashes stored) or, for an organization, the portal.
/// </summary>
public sealed class GalaInvitation
{
    public const int NameMaxLength = 200;
    public const int EmailMaxLength = 256;

    private readonly List<GalaLink> _links = [];

    private GalaInvitation()
    {
    }

    private GalaInvitation(int galaId, InvitationKind kind, int? organizationId, string? guestName, string? guestEmail, string? guestRole, DateTime utcNow)
    {
        Key = Guid.NewGuid();
        GalaId = galaId;
        Kind = kind;
        OrganizationId = organizationId;
        GuestName = guestName;
        GuestEmail = guestEmail;
        GuestRole = guestRole;
        CreatedUtc = utcNow;
    }

    public static GalaInvitation ForOrganization(int galaId, InvitationKind kind, int organizationId, DateTime utcNow) =>
        new(galaId, kind, organizationId, null, null, null, utcNow);

    public static GalaInvitation ForGuest(int galaId, string name, string email, string role, DateTime utcNow) =>
        new(galaId, InvitationKind.Guest, null, name, email, role, utcNow);

    public int Id { get; private set; }

    public Guid Key { get; private set; }

    public int GalaId { get; private set; }

    public InvitationKind Kind { get; private set; }

    public int? OrganizationId { get; private set; }

    public string? GuestName { get; private set; }

    public string? GuestEmail { get; private set; }

    /// <summary>"Judge", "Sponsor", as staff typed it.</summary>
    public string? GuestRole { get; private set; }

    /// <summary>Seats staff allowed this invitation beyond the gala's default; null: the default.</summary>
    public int? SeatsOverride { get; private set; }

    /// <summary>The table of the seating plan (1 is nearest the stage); null: not placed yet.</summary>
    public int? TableNumber { get; private set; }

    public DateTime CreatedUtc { get; private set; }

    /// <summary>Reminder days already sent (each once), and when staff last sent one by hand.</summary>
    public List<int> RemindersSent { get; private set; } = [];

    public DateTime? LastReminderUtc { get; private set; }

    /// <summary>The hash of the link that holds seats offered from the waiting list; null when no offer is open.</summary>
    public string? OfferTokenHash { get; private set; }

    public DateTime? OfferExpiresUtc { get; private set; }

    public IReadOnlyList<GalaLink> Links => _links;

    public bool IsRequiredToAttend => Kind == InvitationKind.Winner;

    /// <summary>Seats this invitation may fill: the override, else the gala's default (a guest: one).</summary>
    public int SeatsAllowed(GalaEvent gala) => SeatsOverride ?? (Kind == InvitationKind.Guest ? 1 : gala.SeatsPerOrganization);

    /// <summary>A finalist's invitation becomes a winner's once its category is announced.</summary>
    internal void BecomeWinner() => Kind = InvitationKind.Winner;

    internal void SetSeats(int? seats) => SeatsOverride = seats;

    internal void PlaceAt(int? table) => TableNumber = table;

    /// <summary>A new personal link for one address; returns the token to put in the email (never stored).</summary>
    internal string AddLink(string email, DateTime expiresUtc, DateTime utcNow)
    {
        var (token, hash) = OrganizationInvitation.NewToken();
        _links.Add(new GalaLink(email, hash, utcNow, expiresUtc));
        return token;
    }

    internal bool HasLinkFor(string email) => _links.Any(l => string.Equals(l.Email, email, StringComparison.OrdinalIgnoreCase));

    internal void MarkReminded(IEnumerable<int> days, DateTime utcNow)
    {
        RemindersSent = [.. RemindersSent.Union(days).OrderDescending()];
        LastReminderUtc = utcNow;
    }

    internal string OpenOffer(DateTime expiresUtc)
    {
        var (token, hash) = OrganizationInvitation.NewToken();
        OfferTokenHash = hash;
        OfferExpiresUtc = expiresUtc;
        return token;
    }

    internal void CloseOffer()
    {
        OfferTokenHash = null;
        OfferExpiresUtc = null;
    }
}

/// <summary>A personal link of one invitation, sent to one address; the token is in the email only.</summary>
public sealed class GalaLink
{
    private GalaLink()
    {
    }

    internal GalaLink(string email, string tokenHash, DateTime createdUtc, DateTime expiresUtc)
    {
        Email = email;
        TokenHash = tokenHash;
        CreatedUtc = createdUtc;
        ExpiresUtc = expiresUtc;
    }

    public int Id { get; private set; }

    public string Email { get; private set; } = "";

    public string TokenHash { get; private set; } = "";

    public DateTime CreatedUtc { get; private set; }

    public DateTime ExpiresUtc { get; private set; }

    /// <summary>A privacy erasure: the address goes and the link stops working.</summary>
    internal void Erase(DateTime utcNow)
    {
        Email = "";
        ExpiresUtc = utcNow;
    }
}

/// <summary>Where one person stands. Stored as text.</summary>
public enum AttendeeStatus
{
    /// <summary>Has a seat.</summary>
    Accepted,

    /// <summary>Not coming.</summary>
    Declined,

    /// <summary>Wants to come; the gala was full. Waits with the rest of its invitation's people, as one party.</summary>
    Waiting,

    /// <summary>Offered a seat from the waiting list; the seat is held until the offer expires.</summary>
    Offered,

    /// <summary>Was offered a seat and did not confirm in time.</summary>
    Lapsed,
}

/// <summary>One person answering an invitation: a seat, a place on the waiting list, or a decline; and the door code.</summary>
public sealed class GalaAttendee
{
    public const int NameMaxLength = 200;
    public const int EmailMaxLength = 256;
    public const int JobTitleMaxLength = 200;
    public const int NeedsMaxLength = 500;
    private const string CodeAlphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789";

    private GalaAttendee()
    {
    }

    internal GalaAttendee(int galaId, int invitationId, AttendeeDetails details, DateTime utcNow)
    {
        Key = Guid.NewGuid();
        GalaId = galaId;
        InvitationId = invitationId;
        DoorCode = NewDoorCode();
        CreatedUtc = utcNow;
        Change(details, utcNow);
    }

    public int Id { get; private set; }

    public Guid Key { get; private set; }

    public int GalaId { get; private set; }

    public int InvitationId { get; private set; }

    public string Name { get; private set; } = "";

    public string Email { get; private set; } = "";

    public string JobTitle { get; private set; } = "";

    public string Dietary { get; private set; } = "";

    public string Accessibility { get; private set; } = "";

    public AttendeeStatus Status { get; private set; } = AttendeeStatus.Declined;

    public DateTime CreatedUtc { get; private set; }

    public DateTime RespondedUtc { get; private set; }

    /// <summary>When the person joined the waiting list: the party's place is its earliest member's.</summary>
    public DateTime? WaitingSinceUtc { get; private set; }

    /// <summary>Until when an offered seat is held.</summary>
    public DateTime? HoldUntilUtc { get; private set; }

    /// <summary>The code in the personal QR code for the door (unguessable, unique in the gala).</summary>
    public string DoorCode { get; private set; } = "";

    public DateTime? CheckedInUtc { get; private set; }

    public string? CheckedInBy { get; private set; }

    /// <summary>Holds a seat now: accepted, or offered with the hold still running.</summary>
    public bool HoldsSeat(DateTime utcNow) => Status == AttendeeStatus.Accepted || (Status == AttendeeStatus.Offered && HoldUntilUtc > utcNow);

    /// <summary>Wants a seat and has none yet.</summary>
    public bool IsWaiting => Status == AttendeeStatus.Waiting;

    public static string NormalizeCode(string? code) =>
        new((code ?? "").ToUpperInvariant().Where(c => CodeAlphabet.Contains(c, StringComparison.Ordinal)).ToArray());

    /// <summary>The code as printed: three groups of four.</summary>
    public string DoorCodeText => $"{DoorCode[..4]}-{DoorCode[4..8]}-{DoorCode[8..]}";

    internal void Change(AttendeeDetails details, DateTime utcNow)
    {
        Name = details.Name;
        Email = details.Email;
        JobTitle = details.JobTitle;
        Dietary = details.Dietary;
        Accessibility = details.Accessibility;
        RespondedUtc = utcNow;
    }

    internal void Accept(DateTime utcNow)
    {
        Status = AttendeeStatus.Accepted;
        WaitingSinceUtc = null;
        HoldUntilUtc = null;
        RespondedUtc = utcNow;
    }

    internal void Decline(DateTime utcNow)
    {
        Status = AttendeeStatus.Declined;
        WaitingSinceUtc = null;
        HoldUntilUtc = null;
        RespondedUtc = utcNow;
    }

    internal void Wait(DateTime since)
    {
        Status = AttendeeStatus.Waiting;
        WaitingSinceUtc ??= since;
        HoldUntilUtc = null;
    }

    internal void Offer(DateTime holdUntilUtc)
    {
        Status = AttendeeStatus.Offered;
        HoldUntilUtc = holdUntilUtc;
    }

    internal void Lapse()
    {
        Status = AttendeeStatus.Lapsed;
        WaitingSinceUtc = null;
        HoldUntilUtc = null;
    }

    /// <summary>A privacy erasure: the person's details go; a seat not yet used is given back.</summary>
    internal void Erase(string replacement, DateTime utcNow)
    {
        if (Status != AttendeeStatus.Declined && CheckedInUtc is null)
        {
            Decline(utcNow);
        }

        Name = replacement;
        Email = "";
        JobTitle = "";
        Dietary = "";
        Accessibility = "";
    }

    private static string NewDoorCode() => RandomNumberGenerator.GetString(CodeAlphabet, 12);
}

/// <summary>What a person gives when answering: checked and cleaned by <see cref="RsvpService"/>.</summary>
public sealed record AttendeeDetails(string Name, string Email, string JobTitle, string Dietary, string Accessibility);

internal sealed class GalaEventConfiguration : IEntityTypeConfiguration<GalaEvent>
{
    public void Configure(EntityTypeBuilder<GalaEvent> b)
    {
        b.ToTable("awGala");
        b.HasIndex(x => x.CycleId).IsUnique();
        b.HasOne<AwardCycle>().WithMany().HasForeignKey(x => x.CycleId).OnDelete(DeleteBehavior.Cascade);
        b.Property(x => x.Venue).HasMaxLength(GalaEvent.VenueMaxLength * TextLength.StorageFactor);
        b.Property(x => x.Address).HasMaxLength(GalaEvent.AddressMaxLength * TextLength.StorageFactor);
        b.Property(x => x.PublicDetails).HasMaxLength(GalaEvent.DetailsMaxLength * TextLength.StorageFactor);
        b.Property(x => x.ReminderDays).HasJsonConversion();
    }
}

internal sealed class GalaInvitationConfiguration : IEntityTypeConfiguration<GalaInvitation>
{
    public void Configure(EntityTypeBuilder<GalaInvitation> b)
    {
        b.ToTable("awGalaInvitation");
        b.HasIndex(x => x.Key).IsUnique();

        // One invitation per organization per gala (a winner of two categories is invited once).
        b.HasIndex(x => new { x.GalaId, x.OrganizationId }).IsUnique();
        b.HasIndex(x => x.OfferTokenHash);
        b.HasOne<GalaEvent>().WithMany().HasForeignKey(x => x.GalaId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<Organization>().WithMany().HasForeignKey(x => x.OrganizationId).OnDelete(DeleteBehavior.Cascade);
        b.Property(x => x.Kind).HasConversion<string>().HasMaxLength(16);
        b.Property(x => x.GuestName).HasMaxLength(GalaInvitation.NameMaxLength * TextLength.StorageFactor);
        b.Property(x => x.GuestEmail).HasMaxLength(GalaInvitation.EmailMaxLength);
        b.Property(x => x.GuestRole).HasMaxLength(GalaInvitation.NameMaxLength * TextLength.StorageFactor);
        b.Property(x => x.OfferTokenHash).HasMaxLength(64);
        b.Property(x => x.RemindersSent).HasJsonConversion();
        b.OwnsMany(x => x.Links, l =>
        {
            l.ToTable("awGalaLink");
            l.WithOwner().HasForeignKey("InvitationId");
            l.HasKey(x => x.Id);
            l.HasIndex(x => x.TokenHash).IsUnique();
            l.Property(x => x.TokenHash).HasMaxLength(64);
            l.Property(x => x.Email).HasMaxLength(GalaInvitation.EmailMaxLength);
        });
        b.Navigation(x => x.Links).UsePropertyAccessMode(PropertyAccessMode.Field);
    }
}

internal sealed class GalaAttendeeConfiguration : IEntityTypeConfiguration<GalaAttendee>
{
    public void Configure(EntityTypeBuilder<GalaAttendee> b)
    {
        b.ToTable("awGalaAttendee");
        b.HasIndex(x => x.Key).IsUnique();
        b.HasIndex(x => new { x.GalaId, x.DoorCode }).IsUnique();
        b.HasIndex(x => new { x.GalaId, x.Status });
        b.HasIndex(x => x.InvitationId);
        b.HasOne<GalaInvitation>().WithMany().HasForeignKey(x => x.InvitationId).OnDelete(DeleteBehavior.Cascade);
        b.Property(x => x.Status).HasConversion<string>().HasMaxLength(16);
        b.Property(x => x.Name).HasMaxLength(GalaAttendee.NameMaxLength * TextLength.StorageFactor);
        b.Property(x => x.Email).HasMaxLength(GalaAttendee.EmailMaxLength);
        b.Property(x => x.JobTitle).HasMaxLength(GalaAttendee.JobTitleMaxLength * TextLength.StorageFactor);
        b.Property(x => x.Dietary).HasMaxLength(GalaAttendee.NeedsMaxLength * TextLength.StorageFactor);
        b.Property(x => x.Accessibility).HasMaxLength(GalaAttendee.NeedsMaxLength * TextLength.StorageFactor);
        b.Property(x => x.DoorCode).HasMaxLength(16);
        b.Property(x => x.CheckedInBy).HasMaxLength(256);
    }
}
