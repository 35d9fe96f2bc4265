using System.Globalization;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using SqmSite.Awards.Data;
using SqmSite.Cms;
using SqmSite.Cms.Security;

namespace SqmSite.Awards.Certification;

public enum CertificationStatus
{
    Success,
    NotFound,
    ValidationFailed,

    /// <summary>The assessment is not at a step where this can be done (or is closed).</summary>
    WrongStep,

    /// <summary>Someone else changed it meanwhile, or the figures changed since the decision was shown.</summary>
    Changed,

    /// <summary>The organization has an open assessment of that area already.</summary>
    AlreadyOpen,
}

/// <summary>An assessment as staff and the portal list it.</summary>
public sealed record AssessmentRow(CertificationAssessment Assessment, string OrganizationName, Certificate? Certificate);

/// <summary>
/// The certification's steps (request, schedule, onsite evaluation, surveys, validation), its certificates, and the
/// public verification. Every input is checked here, so the pages and any other caller get the same messages.
/// </summary>
public sealed class CertificationService(AwardsDbContext db, CertificationStandards standards, UserManager<BackofficeUser> users, TimeProvider clock,
    SqmSite.Cms.Media.IPrivateMediaService media, SqmSite.Cms.Media.PrivateMediaFiles files, ILogger<CertificationService> logger)
{
    public const int MaxNotes = 4000;

    public const int MaxEmployees = 1_000_000;

    private DateTime UtcNow => clock.GetUtcNow().UtcDateTime;

    public DateOnly Today => DateOnly.FromDateTime(UtcNow);

    private static Attempt<T, CertificationStatus> Invalid<T>(string field, string message) =>
        Attempt<T, CertificationStatus>.Fail(CertificationStatus.ValidationFailed, message, new Dictionary<string, string> { [field] = message });

    private static Attempt<T, CertificationStatus> Invalid<T>(Dictionary<string, string> errors) =>
        Attempt<T, CertificationStatus>.Fail(CertificationStatus.ValidationFailed, errors.Values.First(), errors);

    // ------------------------------------------------------------------------------------------ reading

    public async Task<IReadOnlyList<AssessmentRow>> ListAsync(int? organizationId = null, CancellationToken ct = default)
    {
        var assessments = db.CertificationAssessments.AsNoTracking();
        if (organizationId is { } id)
        {
            assessments = assessments.Where(a => a.OrganizationId == id);
        }

        var rows = await assessments.OrderByDescending(a => a.RequestedUtc).ToListAsync(ct);
        var ids = rows.Select(r => r.Id).ToList();
        var certificates = await db.Certificates.AsNoTracking().Where(c => ids.Contains(c.AssessmentId)).ToDictionaryAsync(c => c.AssessmentId, ct);
        var orgIds = rows.Select(r => r.OrganizationId).Distinct().ToList();
        var names = await db.Organizations.AsNoTracking().Where(o => orgIds.Contains(o.Id)).ToDictionaryAsync(o => o.Id, o => o.OfficialName, ct);
        return [.. rows.Select(r => new AssessmentRow(r, names.GetValueOrDefault(r.OrganizationId, "?"), certificates.GetValueOrDefault(r.Id)))];
    }

    public async Task<AssessmentRow?> FindAsync(int id, CancellationToken ct = default)
    {
        var assessment = await db.CertificationAssessments.AsNoTracking().FirstOrDefaultAsync(a => a.Id == id, ct);
        if (assessment is null)
        {
            return null;
        }

        var name = await db.Organizations.AsNoTracking().Where(o => o.Id == assessment.OrganizationId).Select(o => o.OfficialName).FirstAsync(ct);
        return new AssessmentRow(assessment, name, await db.Certificates.AsNoTracking().FirstOrDefaultAsync(c => c.AssessmentId == id, ct));
    }

    /// <summary>The certificate with <paramref name="number"/> (any case, spaces ignored), or null: one indexed read either way.</summary>
    public async Task<Certificate?> FindCertificateAsync(string? number, CancellationToken ct = default)
    {
        var normalized = NormalizeNumber(number);
        return await db.Certificates.AsNoTracking().FirstOrDefaultAsync(c => c.Number == normalized, ct);
    }

    /// <summary>Active certificates whose organization lets them be listed, by area then organization.</summary>
    public async Task<IReadOnlyList<Certificate>> RegistryAsync(CancellationToken ct = default)
    {
        var today = Today;
        var listed = await db.Certificates.AsNoTracking()
            .Where(c => c.Listed && c.Status == CertificateStatus.Active && c.ExpiresOn >= today && c.IssuedOn <= today).ToListAsync(ct);
        return [.. listed.OrderBy(c => c.AreaName, StringComparer.Ordinal).ThenBy(c => c.OrganizationName, StringComparer.OrdinalIgnoreCase)];
    }

    /// <summary>The people a consultant can be: awards staff and administrators, by email.</summary>
    public async Task<IReadOnlyList<string>> ConsultantsAsync()
    {
        var people = (await users.GetUsersInRoleAsync(BackofficeRoles.AwardsStaff)).Concat(await users.GetUsersInRoleAsync(BackofficeRoles.Administrator));
        return [.. people.Select(u => u.Email!).Where(e => e is not null).Distinct(StringComparer.OrdinalIgnoreCase).Order(StringComparer.OrdinalIgnoreCase)];
    }

    /// <summary>The public page that shows a certificate's status.</summary>
    public static string VerifyPath(string number) => "/certification/verify/" + number;

    /// <summary>The certificate's PDF, its QR code pointing at <paramref name="baseUrl"/>'s verify page.</summary>
    public static byte[] Pdf(Certificate certificate, string baseUrl) => CertificationPdf.Render(certificate, baseUrl.TrimEnd('/') + VerifyPath(certificate.Number));

    public static string PdfName(Certificate certificate) => $"certificate-{certificate.Number.ToLowerInvariant()}.pdf";

    // ------------------------------------------------------------------------------------------ steps

    /// <summary>Opens an assessment of <paramref name="areaKey"/> for the organization (from the portal, or staff for it).</summary>
    public async Task<Attempt<CertificationAssessment, CertificationStatus>> RequestAsync(int organizationId, Guid areaKey, string requestedBy, CancellationToken ct = default)
    {
        if (areaKey == Guid.Empty || await standards.CurrentAsync(areaKey, ct) is not { } standard)
        {
            return Invalid<CertificationAssessment>("Area", "Choose one of the practice areas.");
        }

        if (!await db.Organizations.AnyAsync(o => o.Id == organizationId, ct))
        {
            return Attempt<CertificationAssessment, CertificationStatus>.Fail(CertificationStatus.NotFound, "That organization does not exist.");
        }

        if (await HasOpenAsync(organizationId, areaKey, ct))
        {
            return Attempt<CertificationAssessment, CertificationStatus>.Fail(CertificationStatus.AlreadyOpen,
                $"An assessment of {standard.AreaName} is already open for this organization.", new Dictionary<string, string> { ["Area"] = $"An assessment of {standard.AreaName} is already open." });
        }

        var assessment = new CertificationAssessment(organizationId, standard, requestedBy, UtcNow);
        db.CertificationAssessments.Add(assessment);
        await db.SaveChangesAsync(ct);
        logger.LogInformation("Certification of {Area} requested for organization {Organization} by {User}", standard.AreaName, organizationId, requestedBy);
        return Attempt<CertificationAssessment, CertificationStatus>.Ok(assessment);
    }

    /// <summary>
    /// A follow-up of a closed assessment of the organization's: a renewal of a certified practice (new surveys; the
    /// onsite evaluation carries over), or a re-assessment of one not certified (only what failed is redone).
    /// </summary>
    public async Task<Attempt<CertificationAssessment, CertificationStatus>> FollowUpAsync(int organizationId, int previousId, string requestedBy, CancellationToken ct = default)
    {
        var previous = await db.CertificationAssessments.AsNoTracking().FirstOrDefaultAsync(a => a.Id == previousId && a.OrganizationId == organizationId, ct);
        if (previous is null)
        {
            return Attempt<CertificationAssessment, CertificationStatus>.Fail(CertificationStatus.NotFound, "That assessment does not exist.");
        }

        if (!previous.IsClosed)
        {
            return Attempt<CertificationAssessment, CertificationStatus>.Fail(CertificationStatus.WrongStep, "That assessment is still in progress.");
        }

        if (await HasOpenAsync(organizationId, previous.AreaKey, ct))
        {
            return Attempt<CertificationAssessment, CertificationStatus>.Fail(CertificationStatus.AlreadyOpen, $"An assessment of {previous.AreaName} is already open.");
        }

        var kind = previous.State == AssessmentState.Certified ? AssessmentKind.Renewal : AssessmentKind.Reassessment;
        var current = await standards.CurrentAsync(previous.AreaKey, ct) ?? (await standards.FindAsync(previous.StandardId, ct))!;
        var next = CertificationAssessment.FollowUp(previous, current, kind, requestedBy, UtcNow);
        db.CertificationAssessments.Add(next);
        await db.SaveChangesAsync(ct);
        logger.LogInformation("{Kind} of {Area} requested for organization {Organization} by {User}", kind, previous.AreaName, organizationId, requestedBy);
        return Attempt<CertificationAssessment, CertificationStatus>.Ok(next);
    }

    public async Task<Attempt<CertificationAssessment, CertificationStatus>> ScheduleAsync(int id, string? consultant, string? onsiteDate, CancellationToken ct = default)
    {
        var errors = new Dictionary<string, string>();
        var consultants = await ConsultantsAsync();
        var chosen = consultants.FirstOrDefault(c => string.Equals(c, consultant?.Trim(), StringComparison.OrdinalIgnoreCase));
        if (chosen is null)
        {
            errors["Consultant"] = "Choose the consultant from the list of awards staff.";
        }

        if (!DateOnly.TryParseExact(onsiteDate?.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            errors["OnsiteDate"] = "Give the date of the onsite visit (year, month, day).";
        }
        else if (date < Today.AddYears(-1) || date > Today.AddYears(2))
        {
            errors["OnsiteDate"] = "The onsite visit must be within a year before and two years after today.";
        }

        if (errors.Count > 0)
        {
            return Invalid<CertificationAssessment>(errors);
        }

        return await ChangeAsync(id, a => a.IsClosed ? "This assessment is closed." : null, a => a.Schedule(chosen!, date, UtcNow), ct);
    }

    /// <summary>The consultant's onsite scores (0 to 100 per criterion of the assessment's standard) and notes.</summary>
    public async Task<Attempt<CertificationAssessment, CertificationStatus>> RecordOnsiteAsync(int id, IReadOnlyDictionary<string, string?> scores, string? notes,
        CancellationToken ct = default)
    {
        if (await db.CertificationAssessments.AsNoTracking().FirstOrDefaultAsync(a => a.Id == id, ct) is not { } found
            || await standards.FindAsync(found.StandardId, ct) is not { } standard)
        {
            return Attempt<CertificationAssessment, CertificationStatus>.Fail(CertificationStatus.NotFound, "That assessment does not exist.");
        }

        var errors = new Dictionary<string, string>();
        var parsed = new Dictionary<string, decimal>(StringComparer.Ordinal);
        foreach (var criterion in standard.Criteria)
        {
            var raw = scores.GetValueOrDefault(criterion.Key)?.Trim();
            if (!decimal.TryParse(raw, NumberStyles.Number, CultureInfo.InvariantCulture, out var value) || value < 0 || value > 100)
            {
                errors["Score_" + criterion.Key] = $"Give a score from 0 to 100 for \"{criterion.Text}\"";
                continue;
            }

            parsed[criterion.Key] = Math.Round(value, 1);
        }

        var cleanNotes = string.IsNullOrWhiteSpace(notes) ? null : notes.Trim();
        if (cleanNotes is { Length: > MaxNotes })
        {
            errors["Notes"] = $"Notes can be at most {MaxNotes:N0} characters.";
        }

        if (errors.Count > 0)
        {
            return Invalid<CertificationAssessment>(errors);
        }

        var score = standard.WeightedScore(parsed)!.Value;
        return await ChangeAsync(id, a => a.IsClosed ? "This assessment is closed."
                : a.State == AssessmentState.Requested ? "Schedule the onsite visit first."
                : a.StandardId != standard.Id ? "A new version of the area's standard applies since the page was opened. Read it again and score its criteria." : null,
            a => a.RecordOnsite(parsed, cleanNotes, score, UtcNow), ct);
    }

    /// <summary>The survey figures as typed (or imported): employees in scope, responses, Esat, focus groups, and FCR and Csat when known.</summary>
    public async Task<Attempt<CertificationAssessment, CertificationStatus>> RecordSurveyAsync(int id, string? employees, string? responses, string? esat,
        string? focusGroups, string? fcr, string? csat, CancellationToken ct = default)
    {
        var errors = new Dictionary<string, string>();
        int Whole(string field, string? raw, int min, int max, string message)
        {
            if (!int.TryParse(raw?.Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) || value < min || value > max)
            {
                errors[field] = message;
            }

            return value;
        }

        decimal? Percent(string field, string? raw, bool required, string message)
        {
            var text = raw?.Trim().TrimEnd('%').Trim();
            if (string.IsNullOrEmpty(text))
            {
                if (required)
                {
                    errors[field] = message;
                }

                return null;
            }

            if (!decimal.TryParse(text, NumberStyles.Number, CultureInfo.InvariantCulture, out var value) || value < 0 || value > 100)
            {
                errors[field] = message;
                return null;
            }

            return Math.Round(value, 1);
        }

        var inScope = Whole("Employees", employees, 1, MaxEmployees, $"Give the number of employees in scope: a whole number from 1 to {MaxEmployees:N0}.");
        var answered = Whole("Responses", responses, 0, MaxEmployees, "Give the number of survey responses: a whole number, 0 or more.");
        if (!errors.ContainsKey("Employees") && !errors.ContainsKey("Responses") && answered > inScope)
        {
            errors["Responses"] = $"There cannot be more responses ({answered}) than employees in scope ({inScope}).";
        }

        var satisfied = Percent("Esat", esat, true, "Give the share of respondents satisfied with the practice, from 0 to 100%.");
        var groups = Whole("FocusGroups", focusGroups, 2, 4, "Give the number of focus groups held: 2 to 4.");
        var firstContact = Percent("Fcr", fcr, false, "FCR, when given, is a percentage from 0 to 100.");
        var customers = Percent("Csat", csat, false, "Csat, when given, is a percentage from 0 to 100.");
        if (errors.Count > 0)
        {
            return Invalid<CertificationAssessment>(errors);
        }

        var survey = new SurveyFigures(inScope, answered, satisfied!.Value, groups, firstContact, customers);
        return await ChangeAsync(id, a => a.IsClosed ? "This assessment is closed."
                : a.OnsiteScore is null ? "Enter the onsite evaluation first." : null,
            a => a.RecordSurvey(survey, UtcNow), ct);
    }

    /// <summary>What the rules say for the assessment's figures, or null while a step is missing.</summary>
    public static CertificationDecision? Preview(CertificationAssessment assessment) =>
        assessment is { OnsiteScore: { } onsite, Survey: { } survey }
            ? CertificationRules.Decide(new CertificationFigures(onsite, survey.Employees, survey.Responses, survey.Esat))
            : null;

    /// <summary>
    /// The consultant confirms the system's decision (<paramref name="certified"/> is what the page showed: when the
    /// figures changed meanwhile and the rules now say otherwise, nothing is decided). A certified practice gets its
    /// certificate at once; one not certified gets recommendations for what failed.
    /// </summary>
    public async Task<Attempt<CertificationAssessment, CertificationStatus>> ConfirmAsync(int id, bool certified, string consultant, CancellationToken ct = default)
    {
        var assessment = await db.CertificationAssessments.FirstOrDefaultAsync(a => a.Id == id, ct);
        if (assessment is null)
        {
            return Attempt<CertificationAssessment, CertificationStatus>.Fail(CertificationStatus.NotFound, "That assessment does not exist.");
        }

        if (assessment.IsClosed || Preview(assessment) is not { } decision)
        {
            return Attempt<CertificationAssessment, CertificationStatus>.Fail(CertificationStatus.WrongStep,
                assessment.IsClosed ? "This assessment was decided already." : "Enter the onsite evaluation and the surveys first.");
        }

        if (decision.Certified != certified)
        {
            return Attempt<CertificationAssessment, CertificationStatus>.Fail(CertificationStatus.Changed,
                "The figures changed since the page was opened, and so did the decision. Read it again before confirming.");
        }

        var standard = (await standards.FindAsync(assessment.StandardId, ct))!;
        var recommendations = decision.Certified ? [] : Recommendations(assessment, standard, decision);
        assessment.Decide(new StoredDecision(decision.RuleVersion, decision.Certified, [.. decision.Results], recommendations, consultant, UtcNow), UtcNow);
        if (decision.Certified)
        {
            var name = await db.Organizations.Where(o => o.Id == assessment.OrganizationId).Select(o => o.OfficialName).FirstAsync(ct);
            db.Certificates.Add(new Certificate(NewNumber(), assessment, name, Today));
        }

        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            return Attempt<CertificationAssessment, CertificationStatus>.Fail(CertificationStatus.Changed, "Someone else changed this assessment meanwhile. Read it again.");
        }

        logger.LogInformation("Assessment {Assessment} of {Area}: {Outcome}, confirmed by {Consultant} under rules {Rules}", assessment.Id, assessment.AreaName,
            decision.Certified ? "certified" : "not certified", consultant, decision.RuleVersion);
        return Attempt<CertificationAssessment, CertificationStatus>.Ok(assessment);
    }

    /// <summary>Staff suspend, withdraw or reinstate a certificate; the verify page shows it at once.</summary>
    public async Task<Attempt<Certificate, CertificationStatus>> SetStatusAsync(int certificateId, CertificateStatus status, string? reason, string by, CancellationToken ct = default)
    {
        var certificate = await db.Certificates.FirstOrDefaultAsync(c => c.Id == certificateId, ct);
        if (certificate is null)
        {
            return Attempt<Certificate, CertificationStatus>.Fail(CertificationStatus.NotFound, "That certificate does not exist.");
        }

        var clean = string.IsNullOrWhiteSpace(reason) ? null : reason.Trim();
        if (status != CertificateStatus.Active && clean is null)
        {
            return Invalid<Certificate>("Reason", "Say why: the reason is kept with the certificate.");
        }

        if (clean is { Length: > 1000 })
        {
            return Invalid<Certificate>("Reason", "The reason can be at most 1,000 characters.");
        }

        certificate.SetStatus(status, status == CertificateStatus.Active ? null : clean);
        await db.SaveChangesAsync(ct);
        logger.LogInformation("Certificate {Number} is now {Status}, by {User}", certificate.Number, status, by);
        return Attempt<Certificate, CertificationStatus>.Ok(certificate);
    }

    /// <summary>The organization lists its certificate on the public registry, or takes it off.</summary>
    public async Task<Attempt<Certificate, CertificationStatus>> SetListedAsync(int organizationId, int certificateId, bool listed, CancellationToken ct = default)
    {
        var certificate = await db.Certificates.FirstOrDefaultAsync(c => c.Id == certificateId && c.OrganizationId == organizationId, ct);
        if (certificate is null)
        {
            return Attempt<Certificate, CertificationStatus>.Fail(CertificationStatus.NotFound, "That certificate does not exist.");
        }

        certificate.SetListed(listed);
        await db.SaveChangesAsync(ct);
        return Attempt<Certificate, CertificationStatus>.Ok(certificate);
    }

    public const int MaxEvidenceFiles = 20;

    /// <summary>
    /// A file of evidence (an image or a PDF, checked like every upload) kept with the assessment as the organization's
    /// private media: staff and the organization's people can read it, nobody else.
    /// </summary>
    public async Task<Attempt<EvidenceFile, CertificationStatus>> AddEvidenceAsync(int id, Stream content, string fileName, string by, CancellationToken ct = default)
    {
        var assessment = await db.CertificationAssessments.FirstOrDefaultAsync(a => a.Id == id, ct);
        if (assessment is null)
        {
            return Attempt<EvidenceFile, CertificationStatus>.Fail(CertificationStatus.NotFound, "That assessment does not exist.");
        }

        if (assessment.IsClosed)
        {
            return Attempt<EvidenceFile, CertificationStatus>.Fail(CertificationStatus.WrongStep, "This assessment is closed; its evidence can no longer change.");
        }

        if (assessment.Evidence.Count >= MaxEvidenceFiles)
        {
            return Invalid<EvidenceFile>("EvidenceFile", $"An assessment keeps at most {MaxEvidenceFiles} evidence files; remove one first.");
        }

        var owner = await MediaOwnerAsync(assessment.OrganizationId, ct);
        var stored = await media.UploadPrivateAsync(content, fileName, null, owner, by, ct);
        if (!stored.Succeeded)
        {
            return Attempt<EvidenceFile, CertificationStatus>.Fail(CertificationStatus.ValidationFailed, stored.Message!,
                new Dictionary<string, string> { ["EvidenceFile"] = stored.Message! });
        }

        var file = new EvidenceFile(stored.Value!.Key, SqmSite.Cms.Media.PrivateMediaFiles.DownloadName(stored.Value), stored.Value.Bytes, UtcNow, by);
        assessment.AddEvidence(file, UtcNow);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            await media.DeletePrivateAsync(file.MediaKey, owner, by, CancellationToken.None);
            return Attempt<EvidenceFile, CertificationStatus>.Fail(CertificationStatus.Changed, "Someone else changed this assessment meanwhile. Add the file again.");
        }

        return Attempt<EvidenceFile, CertificationStatus>.Ok(file);
    }

    public async Task<Attempt<CertificationAssessment, CertificationStatus>> RemoveEvidenceAsync(int id, Guid mediaKey, string by, CancellationToken ct = default)
    {
        var assessment = await db.CertificationAssessments.FirstOrDefaultAsync(a => a.Id == id, ct);
        if (assessment is null || !assessment.Evidence.Any(e => e.MediaKey == mediaKey))
        {
            return Attempt<CertificationAssessment, CertificationStatus>.Fail(CertificationStatus.NotFound, "That file is not part of this assessment.");
        }

        if (assessment.IsClosed)
        {
            return Attempt<CertificationAssessment, CertificationStatus>.Fail(CertificationStatus.WrongStep, "This assessment is closed; its evidence can no longer change.");
        }

        assessment.RemoveEvidence(mediaKey, UtcNow);
        await db.SaveChangesAsync(ct);
        var owner = await MediaOwnerAsync(assessment.OrganizationId, ct);
        await media.DeletePrivateAsync(mediaKey, owner, by, ct);
        return Attempt<CertificationAssessment, CertificationStatus>.Ok(assessment);
    }

    /// <summary>An evidence file for staff (<paramref name="organizationId"/> null) or the organization's own people; anyone else's is a 404.</summary>
    public async Task<Microsoft.AspNetCore.Http.IResult> ServeEvidenceAsync(int id, int? organizationId, Guid mediaKey, CancellationToken ct = default)
    {
        var assessment = await db.CertificationAssessments.AsNoTracking().FirstOrDefaultAsync(a => a.Id == id && (organizationId == null || a.OrganizationId == organizationId), ct);
        if (assessment is null || !assessment.Evidence.Any(e => e.MediaKey == mediaKey))
        {
            return Microsoft.AspNetCore.Http.Results.NotFound();
        }

        return await files.ServeAsync(mediaKey, await MediaOwnerAsync(assessment.OrganizationId, ct), null, download: true, ct);
    }

    // ------------------------------------------------------------------------------------------ helpers

    /// <summary>Whether the organization has an assessment of the area that is not decided yet (one at a time).</summary>
    private Task<bool> HasOpenAsync(int organizationId, Guid areaKey, CancellationToken ct) =>
        db.CertificationAssessments.AnyAsync(a => a.OrganizationId == organizationId && a.AreaKey == areaKey
            && a.State != AssessmentState.Certified && a.State != AssessmentState.NotCertified, ct);

    /// <summary>The owner of the organization's private media, which evidence files are.</summary>
    private async Task<string> MediaOwnerAsync(int organizationId, CancellationToken ct) =>
        Organizations.Organization.MediaOwner(await db.Organizations.Where(o => o.Id == organizationId).Select(o => o.Key).FirstAsync(ct));

    /// <summary>"December 7, 2026": how certificates, pages and emails write a day.</summary>
    public static string Day(DateOnly day) => day.ToString("MMMM d, yyyy", CultureInfo.InvariantCulture);

    private async Task<Attempt<CertificationAssessment, CertificationStatus>> ChangeAsync(int id, Func<CertificationAssessment, string?> refuse,
        Action<CertificationAssessment> change, CancellationToken ct)
    {
        var assessment = await db.CertificationAssessments.FirstOrDefaultAsync(a => a.Id == id, ct);
        if (assessment is null)
        {
            return Attempt<CertificationAssessment, CertificationStatus>.Fail(CertificationStatus.NotFound, "That assessment does not exist.");
        }

        if (refuse(assessment) is { } reason)
        {
            return Attempt<CertificationAssessment, CertificationStatus>.Fail(CertificationStatus.WrongStep, reason);
        }

        change(assessment);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            return Attempt<CertificationAssessment, CertificationStatus>.Fail(CertificationStatus.Changed, "Someone else changed this assessment meanwhile. Read it again.");
        }

        return Attempt<CertificationAssessment, CertificationStatus>.Ok(assessment);
    }

    /// <summary>A recommendation for each criterion scored under the pass mark, and for a low Esat or a small sample.</summary>
    private static List<string> Recommendations(CertificationAssessment assessment, CertificationStandard standard, CertificationDecision decision)
    {
        var list = new List<string>();
        if (decision.Failed.Any(r => r.Rule == "Onsite score"))
        {
            list.AddRange(standard.Criteria.Where(c => assessment.OnsiteScores.GetValueOrDefault(c.Key) < CertificationRules.MinimumOnsiteScore)
                .Select(c => c.Recommendation));
        }

        if (decision.Failed.Any(r => r.Rule == "Employee satisfaction"))
        {
            list.Add("Ask the frontline what keeps them from being satisfied with the practice (the focus groups' notes are a start), change it with them, and survey again.");
        }

        if (decision.Failed.Any(r => r.Rule == "Survey sample"))
        {
            list.Add("Survey a larger share of the frontline: a random selection of CSRs, online, with time set aside to answer.");
        }

        return list;
    }

    private const string NumberAlphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"; // Crockford's base 32: no I, L, O, U

    /// <summary>"CX-7K3M-Q9TD-2WXA": 60 random bits, so nobody can walk through the numbers on the verify page.</summary>
    internal static string NewNumber()
    {
        Span<byte> bytes = stackalloc byte[12];
        RandomNumberGenerator.Fill(bytes);
        var chars = new char[12];
        for (var i = 0; i < 12; i++)
        {
            chars[i] = NumberAlphabet[bytes[i] & 31];
        }

        return $"CX-{new string(chars, 0, 4)}-{new string(chars, 4, 4)}-{new string(chars, 8, 4)}";
    }

    /// <summary>The number in its stored form; one that cannot be a number becomes one that matches nothing, so it is looked up all the same.</summary>
    public static string NormalizeNumber(string? number)
    {
        if (string.IsNullOrWhiteSpace(number) || number.Length > 40)
        {
            return "CX-INVALID-NUMBER";
        }

        var compact = new string([.. number.Where(char.IsLetterOrDigit)]).ToUpperInvariant();
        if (compact.StartsWith("CX", StringComparison.Ordinal))
        {
            compact = compact[2..];
        }

        return compact.Length == 12 && compact.All(c => NumberAlphabet.Contains(c, StringComparison.Ordinal))
            ? $"CX-{compact[..4]}-{compact[4..8]}-{compact[8..]}"
            : "CX-INVALID-NUMBER";
    }
}

/// <summary>A minimal-API result (a private file) returned from a Razor Pages handler, which takes only action results.</summary>
public sealed class HttpResultAction(Microsoft.AspNetCore.Http.IResult result) : Microsoft.AspNetCore.Mvc.IActionResult
{
    public Task ExecuteResultAsync(Microsoft.AspNetCore.Mvc.ActionContext context) => result.ExecuteAsync(context.HttpContext);
}
