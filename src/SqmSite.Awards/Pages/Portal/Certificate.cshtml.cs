using Microsoft.AspNetCore.Mvc;
using SqmSite.Awards.Cycles;
using SqmSite.Awards.Portal;
using SqmSite.Awards.Winners;

namespace SqmSite.Awards.Pages.Portal;

/// <summary>
/// The winner's certificate as a PDF: only the organization's own winning nomination, and only once the category's
/// winner is announced. Before that, or for anyone else's nomination, the same 404 as for one that does not exist.
/// </summary>
public sealed class CertificateModel(NomineeAccounts accounts, CycleCatalog catalog, WinnerCertificates certificates)
    : PortalPageModel(accounts, catalog)
{
    [BindProperty(SupportsGet = true)]
    public Guid Key { get; set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (await certificates.ForOrganizationAsync(Organization.Id, Key, ct) is not { } certificate)
        {
            return NotFound();
        }

        return WinnerCertificates.Download(Response, certificates.Pdf(certificate), certificate.FileName);
    }
}
