using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using SqmSite.Awards.Certification;

namespace SqmSite.Awards.Pages.Certification;

/// <summary>
/// Anyone checks a certificate by its number (the QR code on the PDF opens this page): the organization, the area,
/// the dates and the status as it is now. An unknown number and one that cannot be a number get the same 404 and the
/// same words, after the same one lookup.
/// </summary>
public sealed class VerifyModel(CertificationService certification) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public string? Number { get; set; }

    public Certificate? Certificate { get; private set; }

    public string Status { get; private set; } = "";

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        Response.Headers.CacheControl = "no-store";
        if (string.IsNullOrWhiteSpace(Number))
        {
            return Page();
        }

        var normalized = CertificationService.NormalizeNumber(Number);
        Certificate = await certification.FindCertificateAsync(Number, ct);
        if (Certificate is null)
        {
            Response.StatusCode = StatusCodes.Status404NotFound;
            return Page();
        }

        if (!string.Equals(normalized, Number, StringComparison.Ordinal))
        {
            return Redirect(CertificationService.VerifyPath(normalized));
        }

        Status = Certificate.StatusOn(certification.Today);
        return Page();
    }
}
