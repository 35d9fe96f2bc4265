using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using SqmSite.Awards.Cycles;
using SqmSite.Awards.Winners;

namespace SqmSite.Awards.Areas.Backoffice.Pages.Awards.Winners;

/// <summary>Staff print the winners' certificates of a cycle: one winner's PDF, or all of them in one PDF (a page each).</summary>
public sealed class CertificatesModel(CycleCatalog catalog, WinnerCertificates certificates) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public int? Cycle { get; set; }

    public AwardCycle? Current { get; private set; }

    public IReadOnlyList<AwardCycle> Cycles => catalog.All;

    public IReadOnlyList<WinnerCertificate> Winners { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(CancellationToken ct) => await LoadAsync(ct) ?? Page();

    /// <summary>One winner's certificate, announced or not (staff print ahead of the gala).</summary>
    public async Task<IActionResult> OnGetPdfAsync(Guid key, CancellationToken ct) =>
        await certificates.ForStaffAsync(key, ct) is { } certificate
            ? WinnerCertificates.Download(Response, certificates.Pdf(certificate), certificate.FileName)
            : NotFound();

    /// <summary>Every certificate of the cycle in one PDF; 404 while the cycle has no winner.</summary>
    public async Task<IActionResult> OnGetAllAsync(CancellationToken ct)
    {
        if (await LoadAsync(ct) is { } refused)
        {
            return refused;
        }

        return Current is null || Winners.Count == 0
            ? NotFound()
            : WinnerCertificates.Download(Response, certificates.Pdf(Winners), WinnerCertificates.BundleFileName(Current.Year));
    }

    private async Task<IActionResult?> LoadAsync(CancellationToken ct)
    {
        Current = Cycle is { } id ? catalog.All.FirstOrDefault(c => c.Id == id) : catalog.Current;
        if (Current is null)
        {
            return Cycle is null ? null : NotFound();
        }

        Winners = await certificates.ForCycleAsync(Current.Id, ct);
        return null;
    }
}
