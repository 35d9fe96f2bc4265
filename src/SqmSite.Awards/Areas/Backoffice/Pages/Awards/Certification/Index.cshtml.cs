using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using SqmSite.Awards.Certification;
using SqmSite.Awards.Data;
using SqmSite.Cms.Published;
using SqmSite.Cms.Security;
using SqmSite.Cms.Web;

namespace SqmSite.Awards.Areas.Backoffice.Pages.Awards.Certification;

/// <summary>Every assessment with its step and certificate; staff open one for an organization that asked by phone or email.</summary>
public sealed class CertificationIndexModel(CertificationService certification, CertificationStandards standards, AwardsDbContext db, UserManager<BackofficeUser> users)
    : PageModel
{
    public IReadOnlyList<AssessmentRow> Rows { get; private set; } = [];

    public IReadOnlyList<PublishedContent> Areas { get; private set; } = [];

    public IReadOnlyList<(int Id, string Name)> Organizations { get; private set; } = [];

    [BindProperty]
    public int? Organization { get; set; }

    [BindProperty]
    public Guid? Area { get; set; }

    public DateOnly Today => certification.Today;

    public async Task OnGetAsync(CancellationToken ct) => await LoadAsync(ct);

    public async Task<IActionResult> OnPostOpenAsync(CancellationToken ct)
    {
        var result = Organization is not > 0
            ? SqmSite.Cms.Attempt<CertificationAssessment, CertificationStatus>.Fail(CertificationStatus.ValidationFailed, "Choose the organization.",
                new Dictionary<string, string> { ["Organization"] = "Choose the organization." })
            : await certification.RequestAsync(Organization.Value, Area ?? Guid.Empty, users.GetUserName(User) ?? "staff", ct);
        if (!result.Succeeded)
        {
            ModelState.AddAttempt(result);
            await LoadAsync(ct);
            return Page();
        }

        TempData.Notice($"Assessment of {result.Value!.AreaName} opened.");
        return Redirect($"/backoffice/awards/certification/{result.Value.Id}");
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        Rows = await certification.ListAsync(null, ct);
        Areas = standards.Areas();
        Organizations = [.. (await db.Organizations.AsNoTracking().OrderBy(o => o.OfficialName).Select(o => new { o.Id, o.OfficialName }).ToListAsync(ct))
            .Select(o => (o.Id, o.OfficialName))];
    }
}
