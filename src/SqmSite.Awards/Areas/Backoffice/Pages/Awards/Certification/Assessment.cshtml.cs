using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using SqmSite.Awards.Certification;
using SqmSite.Cms;
using SqmSite.Cms.Security;
using SqmSite.Cms.Web;

namespace SqmSite.Awards.Areas.Backoffice.Pages.Awards.Certification;

/// <summary>
/// One assessment, step by step: schedule the visit with a consultant, the onsite scores against the area's standard,
/// the survey figures, then the system's decision for the consultant to confirm; the certificate afterwards.
/// Each form keeps what was typed when it is refused.
/// </summary>
public sealed class AssessmentModel(CertificationService certification, CertificationStandards standards, UserManager<BackofficeUser> users,
    Microsoft.Extensions.Options.IOptions<CmsOptions> options) : PageModel
{
    [FromRoute]
    public int Id { get; set; }

    public AssessmentRow Row { get; private set; } = null!;

    public CertificationStandard Standard { get; private set; } = null!;

    public IReadOnlyList<string> Consultants { get; private set; } = [];

    public CertificationDecision? Decision { get; private set; }

    public DateOnly Today => certification.Today;

    [BindProperty]
    public string? Consultant { get; set; }

    [BindProperty]
    public string? OnsiteDate { get; set; }

    [BindProperty]
    public Dictionary<string, string?> Scores { get; set; } = [];

    [BindProperty]
    public string? Notes { get; set; }

    [BindProperty]
    public string? Employees { get; set; }

    [BindProperty]
    public string? Responses { get; set; }

    [BindProperty]
    public string? Esat { get; set; }

    [BindProperty]
    public string? FocusGroups { get; set; }

    [BindProperty]
    public string? Fcr { get; set; }

    [BindProperty]
    public string? Csat { get; set; }

    [BindProperty]
    public string? Reason { get; set; }

    /// <summary>What the last survey file gave, shown above the survey form until its figures are saved.</summary>
    public SurveyImportResult? Imported { get; private set; }

    /// <summary>Which form was posted and refused, so the page opens at it.</summary>
    public string? Refused { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (!await LoadAsync(ct))
        {
            return NotFound();
        }

        FillFromStored();
        return Page();
    }

    /// <summary>
    /// A survey file (CSV or Excel, one row per respondent): its counts fill the responses and Esat fields, with a report
    /// of the rows refused; nothing is saved until the consultant saves the survey figures.
    /// </summary>
    public async Task<IActionResult> OnPostImportAsync([FromForm(Name = "SurveyFile")] IFormFile? surveyFile, CancellationToken ct)
    {
        if (!await LoadAsync(ct))
        {
            return NotFound();
        }

        FillFromStored();
        Refused = "survey";
        if (surveyFile is null || surveyFile.Length == 0)
        {
            ModelState.AddModelError("SurveyFile", "Choose the survey file (CSV or Excel) to read.");
            return Page();
        }

        if (surveyFile.Length > SurveyImport.MaxBytes)
        {
            ModelState.AddModelError("SurveyFile", $"The file is larger than {SurveyImport.MaxBytes / 1024 / 1024} MB.");
            return Page();
        }

        await using var stream = surveyFile.OpenReadStream();
        Imported = SurveyImport.Read(stream, surveyFile.FileName);
        if (Imported.Problem is { } problem)
        {
            ModelState.AddModelError("SurveyFile", problem);
            return Page();
        }

        Responses = Imported.Responses.ToString(System.Globalization.CultureInfo.InvariantCulture);
        Esat = Imported.Esat!.Value.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return Page();
    }

    private void FillFromStored()
    {
        var a = Row.Assessment;
        Consultant = a.ConsultantEmail;
        OnsiteDate = a.OnsiteDate?.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        Scores = a.OnsiteScores.ToDictionary(s => s.Key, s => (string?)s.Value.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Notes = a.OnsiteNotes;
        if (a.Survey is { } s)
        {
            (Employees, Responses, Esat, FocusGroups) = (Invariant(s.Employees), Invariant(s.Responses), Invariant(s.Esat), Invariant(s.FocusGroups));
            (Fcr, Csat) = (s.Fcr is { } f ? Invariant(f) : null, s.Csat is { } c ? Invariant(c) : null);
        }
    }

    public Task<IActionResult> OnPostScheduleAsync(CancellationToken ct) =>
        SaveAsync("schedule", () => certification.ScheduleAsync(Id, Consultant, OnsiteDate, ct), "The onsite visit is scheduled.", ct);

    public Task<IActionResult> OnPostOnsiteAsync(CancellationToken ct) =>
        SaveAsync("onsite", () => certification.RecordOnsiteAsync(Id, Scores, Notes, ct), "The onsite evaluation is saved.", ct);

    public Task<IActionResult> OnPostSurveyAsync(CancellationToken ct) =>
        SaveAsync("survey", () => certification.RecordSurveyAsync(Id, Employees, Responses, Esat, FocusGroups, Fcr, Csat, ct), "The survey figures are saved.", ct);

    public Task<IActionResult> OnPostConfirmAsync(bool certified, CancellationToken ct) =>
        SaveAsync("confirm", () => certification.ConfirmAsync(Id, certified, users.GetUserName(User) ?? "staff", ct),
            certified ? "Confirmed: the practice is certified, and its certificate is issued." : "Confirmed: the practice is not certified; the organization sees the recommendations.", ct);

    public async Task<IActionResult> OnPostStatusAsync(CertificateStatus status, CancellationToken ct)
    {
        if (!await LoadAsync(ct) || Row.Certificate is not { } certificate)
        {
            return NotFound();
        }

        var result = await certification.SetStatusAsync(certificate.Id, status, Reason, users.GetUserName(User) ?? "staff", ct);
        if (!result.Succeeded)
        {
            ModelState.AddAttempt(result);
            Refused = "status";
            return Page();
        }

        TempData.Notice($"Certificate {certificate.Number} is now {status.ToString().ToLowerInvariant()}.");
        return Redirect($"/backoffice/awards/certification/{Id}");
    }

    public async Task<IActionResult> OnPostEvidenceAsync([FromForm(Name = "EvidenceFile")] IFormFile? evidenceFile, CancellationToken ct)
    {
        if (!await LoadAsync(ct))
        {
            return NotFound();
        }

        if (evidenceFile is null || evidenceFile.Length == 0)
        {
            FillFromStored();
            ModelState.AddModelError("EvidenceFile", "Choose the file to keep as evidence (an image or a PDF).");
            return Page();
        }

        await using var stream = evidenceFile.OpenReadStream();
        var result = await certification.AddEvidenceAsync(Id, stream, evidenceFile.FileName, users.GetUserName(User) ?? "staff", ct);
        if (!result.Succeeded)
        {
            await LoadAsync(ct);
            FillFromStored();
            ModelState.AddAttempt(result);
            return Page();
        }

        TempData.Notice($"{result.Value!.Name} is kept as evidence.");
        return Redirect($"/backoffice/awards/certification/{Id}");
    }

    public async Task<IActionResult> OnPostRemoveEvidenceAsync(Guid file, CancellationToken ct)
    {
        var result = await certification.RemoveEvidenceAsync(Id, file, users.GetUserName(User) ?? "staff", ct);
        if (result.Status == CertificationStatus.NotFound)
        {
            return NotFound();
        }

        if (result.Succeeded)
        {
            TempData.Notice("The evidence file is removed.");
        }
        else
        {
            TempData.Alert(result.Message!);
        }

        return Redirect($"/backoffice/awards/certification/{Id}");
    }

    public async Task<IActionResult> OnGetEvidenceAsync(Guid file, CancellationToken ct) => new HttpResultAction(await certification.ServeEvidenceAsync(Id, null, file, ct));

    public async Task<IActionResult> OnGetPdfAsync(CancellationToken ct)
    {
        if (!await LoadAsync(ct) || Row.Certificate is not { } certificate)
        {
            return NotFound();
        }

        return SqmSite.Awards.Winners.WinnerCertificates.Download(Response, CertificationService.Pdf(certificate, PublicUrls.BaseUrl(Request, options.Value)), CertificationService.PdfName(certificate));
    }

    private async Task<IActionResult> SaveAsync(string form, Func<Task<Attempt<CertificationAssessment, CertificationStatus>>> save, string done, CancellationToken ct)
    {
        var result = await save();
        if (result.Status == CertificationStatus.NotFound)
        {
            return NotFound();
        }

        if (!result.Succeeded)
        {
            if (!await LoadAsync(ct))
            {
                return NotFound();
            }

            ModelState.AddAttempt(result);
            Refused = form;
            return Page();
        }

        TempData.Notice(done);
        return Redirect($"/backoffice/awards/certification/{Id}");
    }

    private async Task<bool> LoadAsync(CancellationToken ct)
    {
        if (await certification.FindAsync(Id, ct) is not { } row || await standards.FindAsync(row.Assessment.StandardId, ct) is not { } standard)
        {
            return false;
        }

        (Row, Standard) = (row, standard);
        Consultants = await certification.ConsultantsAsync();
        Decision = CertificationService.Preview(row.Assessment);
        return true;
    }

    private static string Invariant(IFormattable value) => value.ToString(null, System.Globalization.CultureInfo.InvariantCulture);

    public static string Describe(AssessmentState state) => state switch
    {
        AssessmentState.Requested => "Requested",
        AssessmentState.Scheduled => "Scheduled",
        AssessmentState.OnsiteEvaluated => "Onsite evaluated",
        AssessmentState.SurveysDone => "Surveys done",
        AssessmentState.Certified => "Certified",
        _ => "Not certified",
    };
}
