using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;
using SqmSite.Awards.Portal;

using SqmSite.Cms.Web;

namespace SqmSite.Awards.Pages.Portal;

[EnableRateLimiting(SqmSite.Cms.DependencyInjection.LoginRateLimit)]
public sealed class ResetModel(NomineeAccounts accounts) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public string? UserId { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Code { get; set; }

    [BindProperty]
    [Required(ErrorMessage = "Choose a new password.")]
    [StringLength(256)]
    public string Password { get; set; } = "";

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync()
    {
        if (!ModelState.IsValid)
        {
            return Page();
        }

        var result = await accounts.ResetPasswordAsync(UserId, Code, Password);
        if (!result.Succeeded)
        {
            foreach (var error in result.Errors)
            {
                ModelState.AddModelError(error.Code.Contains("Password", StringComparison.Ordinal) ? nameof(Password) : string.Empty, error.Description);
            }

            return Page();
        }

        TempData.Notice("Your password was changed. Sign in with the new one.");
        return Redirect("/portal/login");
    }
}
