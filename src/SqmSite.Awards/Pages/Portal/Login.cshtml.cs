using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;
using SqmSite.Awards.Portal;
using SqmSite.Cms.Security;

namespace SqmSite.Awards.Pages.Portal;

[EnableRateLimiting(SqmSite.Cms.DependencyInjection.LoginRateLimit)]
public sealed class PortalLoginModel(SignInManager<BackofficeUser> signIn, NomineeAccounts accounts,
    Microsoft.Extensions.Options.IOptions<SqmSite.Cms.CmsOptions> options) : PageModel
{
    [BindProperty]
    [Required(ErrorMessage = "Enter your email address.")]
    [EmailAddress(ErrorMessage = "Enter a valid email address.")]
    [StringLength(256)]
    public string Email { get; set; } = "";

    [BindProperty]
    [Required(ErrorMessage = "Enter your password.")]
    [StringLength(256)]
    public string Password { get; set; } = "";

    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync()
    {
        if (!ModelState.IsValid)
        {
            return Page();
        }

        // A nominee signs in only once the address is confirmed; the right password sends a fresh link.
        if (await signIn.UserManager.FindByEmailAsync(Email) is { EmailConfirmed: false } unconfirmed
            && await signIn.UserManager.IsInRoleAsync(unconfirmed, AwardsRoles.Nominee)
            && await signIn.CheckPasswordSignInAsync(unconfirmed, Password, lockoutOnFailure: true) is { Succeeded: true })
        {
            await accounts.SendConfirmationAsync(unconfirmed, SqmSite.Cms.Web.PublicUrls.BaseUrl(Request, options.Value), HttpContext.RequestAborted);
            ModelState.AddModelError(string.Empty, "Please confirm your email address first: we have sent you a new link.");
            return Page();
        }

        var result = await signIn.PasswordSignInAsync(Email, Password, isPersistent: false, lockoutOnFailure: true);
        if (result.Succeeded)
        {
            return LocalRedirect(Url.IsLocalUrl(ReturnUrl) && ReturnUrl.StartsWith("/portal", StringComparison.OrdinalIgnoreCase) ? ReturnUrl : "/portal");
        }

        ModelState.AddModelError(string.Empty, result.IsLockedOut
            ? "Too many failed attempts: this account is locked for 15 minutes."
            : "The email or password is not right.");
        return Page();
    }
}
