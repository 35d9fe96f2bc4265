using System.Net.Mail;
using SqmSite.Awards.Organizations;
using SqmSite.Cms;

namespace SqmSite.Awards.Nominations;

/// <summary>Who the nominator is to the organization or person they nominate.</summary>
public enum NominatorRelationship
{
    Peer,
    Customer,
    Colleague,
}

/// <summary>Where a nomination by someone else stands. Stored as text.</summary>
public enum OutsideNominationState
{
    /// <summary>Sent; the nominator has not opened the confirmation link yet. Staff do not see it.</summary>
    Unconfirmed,

    /// <summary>The nominator's address is confirmed: waiting for staff to screen it.</summary>
    Confirmed,

    /// <summary>Accepted by staff: the nominee's contact was invited to take it up.</summary>
    Invited,

    Refused,

    /// <summary>A duplicate, counted with the nomination it was merged into.</summary>
    Merged,

    /// <summary>The contact took it up: it is (part of) an application.</summary>
    TakenUp,

    Declined,
}

public enum OutsideNominationOperationStatus
{
    Success,
    NotFound,
    ValidationFailed,
    NotOpen,
    WrongState,
    LinkNotValid,
}

/// <summary>
/// A nomination made by someone other than the organization (a peer, a customer, a colleague), through the public
/// form of a category that accepts them. It becomes an entry only when the nominee's contact takes it up; until then
/// it is the nominator's words, kept for staff. Several nominations of the same organization or person in a category
/// share a <see cref="CandidateKey"/> and count as one entry.
/// </summary>
public sealed class OutsideNomination
{
    public const int NameMaxLength = 200;

    public const int EmailMaxLength = 254;

    public const int ReasonMaxLength = 1_000;

    public const int RefusalMaxLength = 1_000;

    /// <summary>How long the nominator's confirmation link works.</summary>
    public static readonly TimeSpan ConfirmFor = TimeSpan.FromDays(7);

    private OutsideNomination()
    {
    }

    public int Id { get; private set; }

    public Guid Key { get; private set; }

    public int CycleId { get; private set; }

    public Guid CategoryKey { get; private set; }

    public string CategoryName { get; private set; } = "";

    public CategoryKind Kind { get; private set; }

    public string NominatorName { get; private set; } = "";

    public string NominatorEmail { get; private set; } = "";

    public NominatorRelationship Relationship { get; private set; }

    /// <summary>The organization nominated, or the employer of the person or team nominated.</summary>
    public string OrganizationName { get; private set; } = "";

    /// <summary>The person or team nominated (individual and team awards); null for a practice.</summary>
    public string? SubjectName { get; private set; }

    /// <summary>Who is asked to take the nomination up: the organization's contact, or the person's employer.</summary>
    public string ContactEmail { get; private set; } = "";

    /// <summary>The nominator's words: why, at most 1,000 characters. Staff read them; the nominee does not.</summary>
    public string Reason { get; private set; } = "";

    /// <summary>Organization and subject as compared: the same candidate in a category is one entry.</summary>
    public string CandidateKey { get; private set; } = "";

    public OutsideNominationState State { get; private set; }

    public DateTime CreatedUtc { get; private set; }

    public string ConfirmTokenHash { get; private set; } = "";

    public DateTime? ConfirmedUtc { get; private set; }

    public string? InviteTokenHash { get; private set; }

    public DateTime? InvitedUtc { get; private set; }

    /// <summary>Staff's reason when refused; for staff's record, never sent to the nominator.</summary>
    public string? RefusalReason { get; private set; }

    public int? MergedIntoId { get; private set; }

    /// <summary>The application it became (taken up), or joined when the organization had applied already.</summary>
    public int? NominationId { get; private set; }

    public string? ScreenedBy { get; private set; }

    public DateTime? ClosedUtc { get; private set; }

    public string Candidate => SubjectName is null ? OrganizationName : $"{SubjectName} ({OrganizationName})";

    public static string Describe(NominatorRelationship relationship) => relationship switch
    {
        NominatorRelationship.Customer => "a customer",
        NominatorRelationship.Colleague => "a colleague",
        _ => "a peer",
    };

    /// <summary>A state as staff read it on the screening list.</summary>
    public static string Describe(OutsideNominationState state) => state switch
    {
        OutsideNominationState.Unconfirmed => "Address not confirmed",
        OutsideNominationState.Confirmed => "Waiting for screening",
        OutsideNominationState.Invited => "Contact invited",
        OutsideNominationState.TakenUp => "Taken up",
        OutsideNominationState.Merged => "Merged",
        OutsideNominationState.Declined => "Declined by the contact",
        _ => "Refused",
    };

    /// <summary>The public form's fields, checked; field errors by the form's names.</summary>
    public static (OutsideNomination? Nomination, string? ConfirmToken, Attempt<OutsideNominationOperationStatus> Result) Create(int cycleId,
        Guid categoryKey, string categoryName, CategoryKind kind, string? nominatorName, string? nominatorEmail, string? relationship,
        string? organizationName, string? subjectName, string? contactEmail, string? reason, DateTime utcNow)
    {
        var rules = CategoryKinds.Of(kind);
        var errors = new Dictionary<string, string>();
        string? Text(string field, string? value, string label, int max, string missing)
        {
            var check = TextLength.Check(CategoryKinds.OneLine(value), label, max, missing);
            if (!check.IsValid)
            {
                errors[field] = check.Error!;
            }

            return check.Value;
        }

        var name = Text("NominatorName", nominatorName, "Your name", NameMaxLength, "Give your name.");
        var email = Email("NominatorEmail", nominatorEmail, "Give your email address: we send a link to confirm it.", errors);
        NominatorRelationship? related = Enum.TryParse<NominatorRelationship>(relationship, ignoreCase: true, out var r) && Enum.IsDefined(r) ? r : null;
        if (related is null)
        {
            errors["Relationship"] = "Choose how you know them: peer, customer or colleague.";
        }

        var organization = Text("OrganizationName", organizationName, "The organization's name", NameMaxLength,
            rules.ManyEntriesPerOrganization ? "Give the name of the organization they work for." : "Give the name of the organization you nominate.");
        var subject = rules.ManyEntriesPerOrganization
            ? Text("SubjectName", subjectName, rules.NamesPerson ? "The person's name" : "The team's name", NameMaxLength,
                rules.NamesPerson ? "Give the name of the person you nominate." : "Give the name of the team you nominate.")
            : null;
        var contact = Email("ContactEmail", contactEmail, rules.ManyEntriesPerOrganization
            ? "Give an email address at their employer (a manager or the contact center's office): the employer confirms the nomination."
            : "Give an email address of someone at the organization: they are asked to take the nomination up.", errors);
        var why = TextLength.Check(reason, "Why you nominate them", ReasonMaxLength, "Tell us, in at most 1,000 characters, why you nominate them.");
        if (!why.IsValid)
        {
            errors["Reason"] = why.Error!;
        }

        if (errors.Count > 0)
        {
            return (null, null, Attempt<OutsideNominationOperationStatus>.Fail(OutsideNominationOperationStatus.ValidationFailed,
                "The nomination was not sent: please correct the fields marked.", errors));
        }

        var (token, hash) = OrganizationInvitation.NewToken();
        var nomination = new OutsideNomination
        {
            Key = Guid.NewGuid(),
            CycleId = cycleId,
            CategoryKey = categoryKey,
            CategoryName = categoryName,
            Kind = kind,
            NominatorName = name!,
            NominatorEmail = email!,
            Relationship = related!.Value,
            OrganizationName = organization!,
            SubjectName = subject,
            ContactEmail = contact!,
            Reason = why.Value!,
            CandidateKey = CandidateKeyOf(organization!, subject),
            State = OutsideNominationState.Unconfirmed,
            CreatedUtc = utcNow,
            ConfirmTokenHash = hash,
        };
        return (nomination, token, Attempt<OutsideNominationOperationStatus>.Ok);
    }

    /// <summary>"northwind energy" or "northwind energy|dana whitfield": names compared without case, extra spaces or a trailing "Inc."-style dot.</summary>
    public static string CandidateKeyOf(string organization, string? subject)
    {
        static string Fold(string text) => (CategoryKinds.OneLine(text) ?? "").TrimEnd('.').ToLowerInvariant();
        return subject is null ? Fold(organization) : $"{Fold(organization)}|{Fold(subject)}";
    }

    private static string? Email(string field, string? input, string missing, Dictionary<string, string> errors)
    {
        var value = input?.Trim();
        if (string.IsNullOrEmpty(value))
        {
            errors[field] = missing;
            return null;
        }

        if (value.Length > EmailMaxLength || !MailAddress.TryCreate(value, out var address) || address.Address != value || !value.Contains('.', StringComparison.Ordinal))
        {
            errors[field] = $"'{(value.Length > 60 ? value[..60] + "…" : value)}' is not an email address; it looks like name@example.com.";
            return null;
        }

        return value;
    }

    /// <summary>The nominator opened the link: staff can now screen it. Opening it again changes nothing.</summary>
    public Attempt<OutsideNominationOperationStatus> Confirm(DateTime utcNow)
    {
        if (State != OutsideNominationState.Unconfirmed)
        {
            return Attempt<OutsideNominationOperationStatus>.Ok;
        }

        if (utcNow > CreatedUtc + ConfirmFor)
        {
            return Attempt<OutsideNominationOperationStatus>.Fail(OutsideNominationOperationStatus.LinkNotValid,
                "This confirmation link has expired. Please send the nomination again.");
        }

        State = OutsideNominationState.Confirmed;
        ConfirmedUtc = utcNow;
        return Attempt<OutsideNominationOperationStatus>.Ok;
    }

    public bool CanScreen => State == OutsideNominationState.Confirmed;

    /// <summary>Staff accept it: the contact is invited by <paramref name="inviteTokenHash"/>'s link.</summary>
    public Attempt<OutsideNominationOperationStatus> Accept(string inviteTokenHash, string actor, DateTime utcNow)
    {
        if (!CanScreen)
        {
            return WrongState();
        }

        State = OutsideNominationState.Invited;
        InviteTokenHash = inviteTokenHash;
        InvitedUtc = utcNow;
        ScreenedBy = actor;
        return Attempt<OutsideNominationOperationStatus>.Ok;
    }

    public Attempt<OutsideNominationOperationStatus> Refuse(string? reason, string actor, DateTime utcNow)
    {
        if (!CanScreen)
        {
            return WrongState();
        }

        var check = TextLength.Check(reason, "The reason", RefusalMaxLength, "Give the reason (for the awards team's record; the nominator is not sent it).");
        if (!check.IsValid)
        {
            return Attempt<OutsideNominationOperationStatus>.Invalid(OutsideNominationOperationStatus.ValidationFailed, "Reason", check.Error!);
        }

        State = OutsideNominationState.Refused;
        RefusalReason = check.Value;
        ScreenedBy = actor;
        ClosedUtc = utcNow;
        return Attempt<OutsideNominationOperationStatus>.Ok;
    }

    /// <summary>A duplicate of <paramref name="into"/> (same category): counted with it, and taken up or declined with it.</summary>
    public Attempt<OutsideNominationOperationStatus> MergeInto(OutsideNomination into, string actor, DateTime utcNow)
    {
        if (!CanScreen || into.Key == Key || into.CategoryKey != CategoryKey || into.CycleId != CycleId
            || into.State is not (OutsideNominationState.Confirmed or OutsideNominationState.Invited or OutsideNominationState.TakenUp))
        {
            return Attempt<OutsideNominationOperationStatus>.Fail(OutsideNominationOperationStatus.WrongState,
                "Only a nomination waiting to be screened can be merged, into another of the same category that is still open.");
        }

        State = OutsideNominationState.Merged;
        MergedIntoId = into.Id;
        ScreenedBy = actor;
        NominationId = into.NominationId;
        if (into.State == OutsideNominationState.TakenUp)
        {
            ClosedUtc = utcNow;
        }

        return Attempt<OutsideNominationOperationStatus>.Ok;
    }

    /// <summary>The contact took it up: it belongs to application <paramref name="nominationId"/> from now on.</summary>
    public void TakeUp(int nominationId, DateTime utcNow)
    {
        State = State == OutsideNominationState.Merged ? OutsideNominationState.Merged : OutsideNominationState.TakenUp;
        NominationId = nominationId;
        InviteTokenHash = null;
        ClosedUtc = utcNow;
    }

    public void Decline(DateTime utcNow)
    {
        State = State == OutsideNominationState.Merged ? OutsideNominationState.Merged : OutsideNominationState.Declined;
        InviteTokenHash = null;
        ClosedUtc = utcNow;
    }

    private static Attempt<OutsideNominationOperationStatus> WrongState() =>
        Attempt<OutsideNominationOperationStatus>.Fail(OutsideNominationOperationStatus.WrongState, "This nomination was screened already.");
}
