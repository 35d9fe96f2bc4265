using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using SqmSite.Awards.Certification;
using SqmSite.Awards.Cycles;
using SqmSite.Awards.Portal;
using SqmSite.Cms;
using SqmSite.Cms.Published;
using SqmSite.Cms.Security;
using SqmSite.Cms.Web;

namespace SqmSite.Awards.Pages.Portal;

/// <summary>
/// The organization's certification: ask for a practice to be certified, follow each assessment's step, read the
/// decision (and the recommendations when a practice was not certified), download certificates, and choose whether
/// each one is on the public registry.
/// </summary>
public sealed class PortalCertificationModel(NomineeAccounts accounts, CycleCatalog catalog, CertificationService certification,
    CertificationStandards standards, UserManager<BackofficeUser> users, Microsoft.Extensions.Options.IOptions<SqmSite.Cms.CmsOptions> options)
    : PortalPageModel(accounts, catalog)
{
    public IReadOnlyList<AssessmentRow> Assessments { get; private set; } = [];

    public IReadOnlyList<PublishedContent> Areas { get; private set; } = [];

    [BindProperty]
    public Guid? Area { get; set; }

    public DateOnly Today => certification.Today;

    public async Task OnGetAsync(CancellationToken ct) => await LoadAsync(ct);

    public async Task<IActionResult> OnPostRequestAsync(CancellationToken ct)
    {
        var result = await certification.RequestAsync(Organization.Id, Area ?? Guid.Empty, users.GetUserName(User) ?? "portal", ct);
        if (!result.Succeeded)
        {
            ModelState.AddAttempt(result);
            await LoadAsync(ct);
            return Page();
        }

        TempData["Message"] = $"Your request to certify {result.Value!.AreaName} has reached the certification team. A consultant will contact you to schedule the onsite visit.";
        return RedirectToPage();
    }

    /// <summary>Renew a certificate (new surveys), or try again after a practice was not certified (only what failed).</summary>
    public async Task<IActionResult> OnPostFollowUpAsync(int assessment, CancellationToken ct)
    {
        var result = await certification.FollowUpAsync(Organization.Id, assessment, users.GetUserName(User) ?? "portal", ct);
        if (result.Status == CertificationStatus.NotFound)
        {
            return NotFound();
        }

        TempData["Message"] = result.Succeeded
            ? result.Value!.Kind == AssessmentKind.Renewal
                ? $"Your renewal of {result.Value.AreaName} has reached the certification team: the onsite evaluation carries over, and new surveys come next."
                : $"Your re-assessment of {result.Value.AreaName} has reached the certification team: only what fell short is assessed again."
            : result.Message;
        return RedirectToPage();
    }

    /// <summary>Whether the organization can start a follow-up of <paramref name="row"/> (closed, and nothing open in its area).</summary>
    public bool CanFollowUp(AssessmentRow row) => row.Assessment.IsClosed
        && !Assessments.Any(a => a.Assessment.AreaKey == row.Assessment.AreaKey && !a.Assessment.IsClosed)
        && Assessments.Where(a => a.Assessment.AreaKey == row.Assessment.AreaKey).MaxBy(a => a.Assessment.RequestedUtc) == row;

    public async Task<IActionResult> OnPostListingAsync(int certificate, bool listed, CancellationToken ct)
    {
        var result = await certification.SetListedAsync(Organization.Id, certificate, listed, ct);
        if (!result.Succeeded)
        {
            return NotFound();
        }

        TempData["Message"] = listed ? $"Certificate {result.Value!.Number} is on the public registry." : $"Certificate {result.Value!.Number} is off the public registry; its number can still be checked.";
        return RedirectToPage();
    }

    public async Task<IActionResult> OnGetEvidenceAsync(int assessment, Guid file, CancellationToken ct) =>
        new HttpResultAction(await certification.ServeEvidenceAsync(assessment, Organization.Id, file, ct));

    public async Task<IActionResult> OnGetPdfAsync(string number, CancellationToken ct)
    {
        var certificate = await certification.FindCertificateAsync(number, ct);
        if (certificate is null || certificate.OrganizationId != Organization.Id)
        {
            return NotFound();
        }

        return Winners.WinnerCertificates.Download(Response, CertificationService.Pdf(certificate, PublicUrls.BaseUrl(Request, options.Value)), CertificationService.PdfName(certificate));
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        Assessments = await certification.ListAsync(Organization.Id, ct);
        Areas = standards.Areas();
    }

    public static string Describe(AssessmentState state) => state switch
    {
        AssessmentState.Requested => "Requested: a consultant will contact you",
        AssessmentState.Scheduled => "Onsite visit scheduled",
        AssessmentState.OnsiteEvaluated => "Onsite evaluation done; surveys next",
        AssessmentState.SurveysDone => "Surveys done; validation in progress",
        AssessmentState.Certified => "Certified",
        _ => "Not certified",
    };
}
