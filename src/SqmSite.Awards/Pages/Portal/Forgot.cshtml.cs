using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;
using SqmSite.Awards.Portal;
using SqmSite.Cms;
using SqmSite.Cms.Web;

namespace SqmSite.Awards.Pages.Portal;

[EnableRateLimiting(SqmSite.Cms.DependencyInjection.PublicPostRateLimit)]
public sealed class ForgotModel(NomineeAccounts accounts, IOptions<CmsOptions> options) : PageModel
{
    [BindProperty]
    [Required(ErrorMessage = "Enter your email address.")]
    [EmailAddress(ErrorMessage = "Enter a valid email address.")]
    [StringLength(256)]
    public string Email { get; set; } = "";

    public bool Sent { get; private set; }

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (!ModelState.IsValid)
        {
            return Page();
        }

        await accounts.SendPasswordResetAsync(Email, PublicUrls.BaseUrl(Request, options.Value), ct);
        Sent = true;
        return Page();
    }
}
