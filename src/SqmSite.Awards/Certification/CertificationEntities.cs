using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using SqmSite.Awards.Organizations;
using SqmSite.Cms.Data;

namespace SqmSite.Awards.Certification;

/// <summary>One criterion of an area's onsite checklist: its weight, and what to recommend when it scores low.</summary>
public sealed record StandardCriterion(string Key, string Text, decimal Weight, string Recommendation);

/// <summary>
/// An area's onsite checklist, versioned: a new version is a new row, and each assessment keeps the version it was
/// scored against (like the score sets of judging).
/// </summary>
public sealed class CertificationStandard
{
    private CertificationStandard()
    {
    }

    public CertificationStandard(Guid areaKey, string areaName, int version, IReadOnlyList<StandardCriterion> criteria, DateTime utcNow)
    {
        AreaKey = areaKey;
        AreaName = areaName;
        Version = version;
        Criteria = [.. criteria];
        CreatedUtc = utcNow;
    }

    public int Id { get; private set; }

    /// <summary>The practice area: the key of its award category page (the 17 areas are the 17 categories).</summary>
    public Guid AreaKey { get; private set; }

    public string AreaName { get; private set; } = "";

    public int Version { get; private set; }

    public List<StandardCriterion> Criteria { get; private set; } = [];

    public DateTime CreatedUtc { get; private set; }

    /// <summary>The weighted percentage of <paramref name="scores"/> (0 to 100 each), or null while a criterion has none.</summary>
    public decimal? WeightedScore(IReadOnlyDictionary<string, decimal> scores)
    {
        if (Criteria.Count == 0 || Criteria.Any(c => !scores.ContainsKey(c.Key)))
        {
            return null;
        }

        var total = Criteria.Sum(c => c.Weight);
        return Math.Round(Criteria.Sum(c => c.Weight * scores[c.Key]) / total, 1, MidpointRounding.ToZero);
    }
}

public enum AssessmentKind
{
    /// <summary>A practice assessed for the first time: all three steps.</summary>
    Initial,

    /// <summary>A certified practice's yearly renewal: new surveys; the onsite evaluation carries over.</summary>
    Renewal,

    /// <summary>A practice not certified tries again: only the steps that failed are redone.</summary>
    Reassessment,
}

public enum AssessmentState
{
    Requested,
    Scheduled,
    OnsiteEvaluated,
    SurveysDone,
    Certified,
    NotCertified,
}

/// <summary>A file the consultant keeps as evidence: one of the organization's private media, never public.</summary>
public sealed record EvidenceFile(Guid MediaKey, string Name, long Bytes, DateTime AddedUtc, string AddedBy);

/// <summary>The employee (and optional customer) survey of an assessment.</summary>
public sealed record SurveyFigures(int Employees, int Responses, decimal Esat, int FocusGroups, decimal? Fcr, decimal? Csat);

/// <summary>What the system decided and the consultant confirmed, kept with the rule version it was decided under.</summary>
public sealed record StoredDecision(string RuleVersion, bool Certified, List<RuleResult> Results, List<string> Recommendations, string ConfirmedBy, DateTime DecidedUtc);

/// <summary>
/// An organization's request to have one practice certified, and its three steps: the onsite evaluation against the
/// area's standard, the surveys, and the validation. Figures can be corrected until the decision; after it the
/// assessment is closed (a re-assessment is a new one).
/// </summary>
public sealed class CertificationAssessment
{
    private CertificationAssessment()
    {
    }

    public CertificationAssessment(int organizationId, CertificationStandard standard, string requestedBy, DateTime utcNow)
    {
        Key = Guid.NewGuid();
        OrganizationId = organizationId;
        AreaKey = standard.AreaKey;
        AreaName = standard.AreaName;
        StandardId = standard.Id;
        RequestedBy = requestedBy;
        RequestedUtc = utcNow;
        UpdatedUtc = utcNow;
    }

    /// <summary>
    /// A follow-up of <paramref name="previous"/>: its onsite evaluation, and for a re-assessment its survey, carried over
    /// when they passed. Onsite scores that carry over keep the standard version they were scored on; an onsite
    /// evaluation done again is scored on <paramref name="current"/>, the area's newest version.
    /// </summary>
    public static CertificationAssessment FollowUp(CertificationAssessment previous, CertificationStandard current, AssessmentKind kind, string requestedBy, DateTime utcNow)
    {
        var next = new CertificationAssessment
        {
            Key = Guid.NewGuid(),
            OrganizationId = previous.OrganizationId,
            AreaKey = previous.AreaKey,
            AreaName = previous.AreaName,
            StandardId = current.Id,
            Kind = kind,
            PreviousAssessmentId = previous.Id,
            RequestedBy = requestedBy,
            RequestedUtc = utcNow,
            UpdatedUtc = utcNow,
            ConsultantEmail = previous.ConsultantEmail,
        };
        var failed = previous.Decision?.Results.Where(r => !r.Passed).Select(r => r.Rule).ToHashSet() ?? [];
        if (!failed.Contains("Onsite score"))
        {
            next.StandardId = previous.StandardId;
            next.OnsiteScores = new Dictionary<string, decimal>(previous.OnsiteScores);
            next.OnsiteNotes = previous.OnsiteNotes;
            next.OnsiteScore = previous.OnsiteScore;
            next.OnsiteDate = previous.OnsiteDate;
            next.State = AssessmentState.OnsiteEvaluated;
        }

        if (kind == AssessmentKind.Reassessment && !failed.Contains("Employee satisfaction") && !failed.Contains("Survey sample"))
        {
            next.Survey = previous.Survey;
        }

        return next;
    }

    public int Id { get; private set; }

    public Guid Key { get; private set; }

    public AssessmentKind Kind { get; private set; }

    /// <summary>The assessment this one renews or retries.</summary>
    public int? PreviousAssessmentId { get; private set; }

    public int OrganizationId { get; private set; }

    public Guid AreaKey { get; private set; }

    public string AreaName { get; private set; } = "";

    public int StandardId { get; private set; }

    public AssessmentState State { get; private set; }

    public string RequestedBy { get; private set; } = "";

    public DateTime RequestedUtc { get; private set; }

    public string? ConsultantEmail { get; private set; }

    public DateOnly? OnsiteDate { get; private set; }

    public Dictionary<string, decimal> OnsiteScores { get; private set; } = [];

    public string? OnsiteNotes { get; private set; }

    public List<EvidenceFile> Evidence { get; private set; } = [];

    public decimal? OnsiteScore { get; private set; }

    public SurveyFigures? Survey { get; private set; }

    public StoredDecision? Decision { get; private set; }

    public DateTime UpdatedUtc { get; private set; }

    public bool IsClosed => State is AssessmentState.Certified or AssessmentState.NotCertified;

    internal void Schedule(string consultantEmail, DateOnly onsiteDate, DateTime utcNow)
    {
        ConsultantEmail = consultantEmail;
        OnsiteDate = onsiteDate;
        if (State == AssessmentState.Requested)
        {
            State = AssessmentState.Scheduled;
        }

        UpdatedUtc = utcNow;
    }

    internal void RecordOnsite(Dictionary<string, decimal> scores, string? notes, decimal score, DateTime utcNow)
    {
        OnsiteScores = scores;
        OnsiteNotes = notes;
        OnsiteScore = score;
        if (State == AssessmentState.Scheduled)
        {
            // A re-assessment whose survey passed before has it already: the decision is next.
            State = Survey is null ? AssessmentState.OnsiteEvaluated : AssessmentState.SurveysDone;
        }

        UpdatedUtc = utcNow;
    }

    internal void AddEvidence(EvidenceFile file, DateTime utcNow)
    {
        Evidence = [.. Evidence, file];
        UpdatedUtc = utcNow;
    }

    internal bool RemoveEvidence(Guid mediaKey, DateTime utcNow)
    {
        var kept = Evidence.Where(e => e.MediaKey != mediaKey).ToList();
        if (kept.Count == Evidence.Count)
        {
            return false;
        }

        Evidence = kept;
        UpdatedUtc = utcNow;
        return true;
    }

    /// <summary>Whether a new version of the area's standard applies to it: it is open and nothing is scored yet.</summary>
    public bool TakesNewStandard => !IsClosed && OnsiteScore is null && OnsiteScores.Count == 0;

    internal void UseStandard(CertificationStandard standard, DateTime utcNow)
    {
        StandardId = standard.Id;
        UpdatedUtc = utcNow;
    }

    /// <summary>Whether the assessment names <paramref name="email"/> anywhere <see cref="ReplacePerson"/> looks.</summary>
    public bool Names(string email) =>
        IsPerson(RequestedBy, email) || IsPerson(ConsultantEmail, email) || Evidence.Any(e => IsPerson(e.AddedBy, email)) || IsPerson(Decision?.ConfirmedBy, email);

    private static bool IsPerson(string? value, string email) => string.Equals(value, email, StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// Puts <paramref name="replacement"/> wherever the assessment names <paramref name="email"/> (who asked, the
    /// consultant, who kept a file, who confirmed): the facts stay, the person goes. True when anything changed.
    /// </summary>
    internal bool ReplacePerson(string email, string replacement)
    {
        bool Is(string? value) => IsPerson(value, email);
        var changed = false;
        if (Is(RequestedBy))
        {
            RequestedBy = replacement;
            changed = true;
        }

        if (Is(ConsultantEmail))
        {
            ConsultantEmail = replacement;
            changed = true;
        }

        if (Evidence.Any(e => Is(e.AddedBy)))
        {
            Evidence = [.. Evidence.Select(e => Is(e.AddedBy) ? e with { AddedBy = replacement } : e)];
            changed = true;
        }

        if (Decision is { } decision && Is(decision.ConfirmedBy))
        {
            Decision = decision with { ConfirmedBy = replacement };
            changed = true;
        }

        return changed;
    }

    internal void RecordSurvey(SurveyFigures survey, DateTime utcNow)
    {
        Survey = survey;
        State = AssessmentState.SurveysDone;
        UpdatedUtc = utcNow;
    }

    internal void Decide(StoredDecision decision, DateTime utcNow)
    {
        Decision = decision;
        State = decision.Certified ? AssessmentState.Certified : AssessmentState.NotCertified;
        UpdatedUtc = utcNow;
    }
}

public enum CertificateStatus
{
    Active,
    Suspended,
    Withdrawn,
}

/// <summary>
/// A certificate: a number nobody can guess (the verify page must not let anyone walk through them), the organization
/// and area as at issue, one year of validity. Expired is not stored: it is the date passing.
/// </summary>
public sealed class Certificate
{
    private Certificate()
    {
    }

    public Certificate(string number, CertificationAssessment assessment, string organizationName, DateOnly issuedOn)
    {
        Number = number;
        AssessmentId = assessment.Id;
        OrganizationId = assessment.OrganizationId;
        OrganizationName = organizationName;
        AreaKey = assessment.AreaKey;
        AreaName = assessment.AreaName;
        IssuedOn = issuedOn;
        ExpiresOn = issuedOn.AddYears(1).AddDays(-1);
        Listed = true;
    }

    public int Id { get; private set; }

    public string Number { get; private set; } = "";

    public int AssessmentId { get; private set; }

    public int OrganizationId { get; private set; }

    public string OrganizationName { get; private set; } = "";

    public Guid AreaKey { get; private set; }

    public string AreaName { get; private set; } = "";

    public DateOnly IssuedOn { get; private set; }

    /// <summary>The last day it is valid.</summary>
    public DateOnly ExpiresOn { get; private set; }

    public CertificateStatus Status { get; private set; }

    public string? StatusReason { get; private set; }

    /// <summary>Shown on the public registry; the organization may take it off (the verify page works either way).</summary>
    public bool Listed { get; private set; }

    public bool IsActiveOn(DateOnly day) => Status == CertificateStatus.Active && day >= IssuedOn && day <= ExpiresOn;

    /// <summary>"Active", "Expired", "Suspended" or "Withdrawn" on <paramref name="day"/>.</summary>
    public string StatusOn(DateOnly day) => Status != CertificateStatus.Active ? Status.ToString() : day > ExpiresOn ? "Expired" : "Active";

    internal void SetStatus(CertificateStatus status, string? reason)
    {
        Status = status;
        StatusReason = reason;
    }

    internal void SetListed(bool listed) => Listed = listed;
}

internal sealed class CertificationConfiguration :
    IEntityTypeConfiguration<CertificationStandard>, IEntityTypeConfiguration<CertificationAssessment>, IEntityTypeConfiguration<Certificate>
{
    public void Configure(EntityTypeBuilder<CertificationStandard> b)
    {
        b.ToTable("awCertificationStandard");
        b.HasIndex(x => new { x.AreaKey, x.Version }).IsUnique();
        b.Property(x => x.AreaName).HasMaxLength(200);
        b.Property(x => x.Criteria).HasJsonConversion();
    }

    public void Configure(EntityTypeBuilder<CertificationAssessment> b)
    {
        b.ToTable("awCertificationAssessment");
        b.HasIndex(x => x.Key).IsUnique();
        b.HasIndex(x => x.OrganizationId);
        b.Property(x => x.AreaName).HasMaxLength(200);
        b.Property(x => x.State).HasConversion<string>().HasMaxLength(20);
        b.Property(x => x.Kind).HasConversion<string>().HasMaxLength(20);
        b.Property(x => x.RequestedBy).HasMaxLength(256);
        b.Property(x => x.ConsultantEmail).HasMaxLength(256);
        b.Property(x => x.OnsiteNotes).HasMaxLength(4000);
        b.Property(x => x.OnsiteScores).HasJsonConversion();
        b.Property(x => x.Evidence).HasJsonConversion();
        b.Property(x => x.Survey!).HasJsonConversion();
        b.Property(x => x.Decision!).HasJsonConversion();
        b.Property(x => x.OnsiteScore).HasPrecision(5, 1);

        // Two staff members saving the same step: the second finds the row changed.
        b.Property(x => x.UpdatedUtc).IsConcurrencyToken();
        b.HasOne<Organization>().WithMany().HasForeignKey(x => x.OrganizationId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<CertificationStandard>().WithMany().HasForeignKey(x => x.StandardId).OnDelete(DeleteBehavior.Restrict);
    }

    public void Configure(EntityTypeBuilder<Certificate> b)
    {
        b.ToTable("awCertificate");
        b.HasIndex(x => x.Number).IsUnique();
        b.HasIndex(x => x.AssessmentId).IsUnique();
        b.HasIndex(x => x.OrganizationId);
        b.Property(x => x.Number).HasMaxLength(32);
        b.Property(x => x.OrganizationName).HasMaxLength(200);
        b.Property(x => x.AreaName).HasMaxLength(200);
        b.Property(x => x.Status).HasConversion<string>().HasMaxLength(20);
        b.Property(x => x.StatusReason).HasMaxLength(1000);
        b.HasOne<Organization>().WithMany().HasForeignKey(x => x.OrganizationId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<CertificationAssessment>().WithMany().HasForeignKey(x => x.AssessmentId).OnDelete(DeleteBehavior.Cascade);
    }
}
