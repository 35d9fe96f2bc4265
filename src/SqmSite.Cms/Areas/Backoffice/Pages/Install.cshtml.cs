using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;
using SqmSite.Cms.Security;
using SqmSite.Cms.Web;

namespace SqmSite.Cms.Areas.Backoffice.Pages;

[EnableRateLimiting(DependencyInjection.LoginRateLimit)]
public sealed class InstallModel(InstallService install, InstallToken token, SignInManager<BackofficeUser> signIn) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public string? Token { get; set; }

    [BindProperty]
    [Required(ErrorMessage = "Enter your name.")]
    [StringLength(100)]
    public string Name { get; set; } = "";

    [BindProperty]
    [Required(ErrorMessage = "Enter your email address.")]
    [EmailAddress(ErrorMessage = "Enter a valid email address.")]
    public string Email { get; set; } = "";

    [BindProperty]
    [Required(ErrorMessage = "Choose a password.")]
    [StringLength(256)]
    public string Password { get; set; } = "";

    public bool Allowed => token.Matches(Token) && !install.IsInstalled;

    public IActionResult OnGet() => Allowed ? Page() : NotFoundPage();

    public async Task<IActionResult> OnPostAsync()
    {
        if (!Allowed)
        {
            return NotFoundPage();
        }

        if (!ModelState.IsValid)
        {
            return Page();
        }

        var result = await install.CreateAdministratorAsync(Email, Name, Password);
        if (!result.Succeeded)
        {
            foreach (var error in result.Errors)
            {
                ModelState.AddModelError(nameof(Password), error.Description);
            }

            return Page();
        }

        await signIn.PasswordSignInAsync(Email, Password, isPersistent: false, lockoutOnFailure: true);
        TempData.Notice("Welcome! The site is set up and you are its administrator.");
        return Redirect("/backoffice");
    }

    private PageResult NotFoundPage()
    {
        Response.StatusCode = StatusCodes.Status404NotFound;
        return Page();
    }
}
