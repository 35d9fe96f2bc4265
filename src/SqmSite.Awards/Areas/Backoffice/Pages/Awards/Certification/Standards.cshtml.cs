using Microsoft.AspNetCore.Mvc.RazorPages;
using SqmSite.Awards.Certification;

namespace SqmSite.Awards.Areas.Backoffice.Pages.Awards.Certification;

/// <summary>The practice areas with the version of their onsite standard in use; each leads to its editor.</summary>
public sealed class StandardsModel(CertificationStandards standards) : PageModel
{
    public IReadOnlyList<StandardSummary> Rows { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct) => Rows = await standards.OverviewAsync(ct);
}
