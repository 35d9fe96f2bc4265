using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;
using SqmSite.Awards.Portal;

namespace SqmSite.Awards.Pages.Portal;

[EnableRateLimiting(SqmSite.Cms.DependencyInjection.PublicPostRateLimit)]
public sealed class RegisterModel(NomineeAccounts accounts, Microsoft.Extensions.Options.IOptions<SqmSite.Cms.CmsOptions> options) : PageModel
{
    [BindProperty]
    public string OrganizationName { get; set; } = "";

    [BindProperty]
    public string? Website { get; set; }

    [BindProperty]
    public bool IsClient { get; set; }

    [BindProperty]
    public string Name { get; set; } = "";

    [BindProperty]
    [Required(ErrorMessage = "Enter your email address.")]
    [EmailAddress(ErrorMessage = "Enter a valid email address.")]
    [StringLength(256)]
    public string Email { get; set; } = "";

    [BindProperty]
    [Required(ErrorMessage = "Choose a password.")]
    [StringLength(256)]
    public string Password { get; set; } = "";

    /// <summary>Shown after a registration: the next step is the link in the email.</summary>
    public bool Registered { get; private set; }

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (!ModelState.IsValid)
        {
            return Page();
        }

        var result = await accounts.RegisterAsync(OrganizationName, Website, IsClient, Name, Email, Password, ct);
        if (!result.Succeeded)
        {
            foreach (var (field, message) in result.Errors)
            {
                ModelState.AddModelError(field, message);
            }

            return Page();
        }

        var baseUrl = SqmSite.Cms.Web.PublicUrls.BaseUrl(Request, options.Value);
        if (result.ExistingAccount is { } existing)
        {
            // The same words as a new registration: the page must not tell who has an account.
            await accounts.SendAccountExistsAsync(existing, baseUrl, ct);
        }
        else
        {
            await accounts.SendConfirmationAsync(result.User!, baseUrl, ct);
        }

        Registered = true;
        return Page();
    }
}
