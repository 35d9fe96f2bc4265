using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.DependencyInjection;

namespace SqmSite.Cms.Security;

/// <summary>
/// The sign-in form the backoffice and packages' portals share: its fields, its validation, lockout, and one
/// answer for a wrong email or password so the form reveals no accounts.
/// </summary>
public abstract class SignInPageModel(SignInManager<BackofficeUser> signIn) : PageModel
{
    /// <summary>The answer for a locked account, and for an unknown address after as many failures.</summary>
    public const string LockedOutMessage = "Too many failed attempts: this account is locked for 15 minutes. Try again later or ask the awards team.";

    /// <summary>The answer for a wrong password and for an address without an account alike.</summary>
    public const string NotRightMessage = "The email or password is not right.";

    [BindProperty]
    [Required(ErrorMessage = "Enter your email address.")]
    [EmailAddress(ErrorMessage = "Enter a valid email address.")]
    [StringLength(256, ErrorMessage = "Email may have at most 256 characters.")]
    public string Email { get; set; } = "";

    [BindProperty]
    [Required(ErrorMessage = "Enter your password.")]
    [StringLength(256, ErrorMessage = "Password may have at most 256 characters.")]
    public string Password { get; set; } = "";

    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    protected SignInManager<BackofficeUser> SignInManager { get; } = signIn;

    public void OnGet()
    {
    }

    /// <summary>Signs in, then returns to <see cref="ReturnUrl"/> when it lies below <paramref name="home"/>, else to home.</summary>
    protected async Task<IActionResult> SignInAndReturnAsync(string home, bool persistent)
    {
        bool lockedOut;
        if (await SignInManager.UserManager.FindByNameAsync(Email) is null)
        {
            // No such account: spend a password check's time and count the failure, so neither the words nor the
            // time tell whether the address has an account.
            lockedOut = HttpContext.RequestServices.GetRequiredService<UnknownAccountSignIn>().FailAndCheckLockout(Email, Password, SignInManager.UserManager.PasswordHasher);
        }
        else
        {
            var result = await SignInManager.PasswordSignInAsync(Email, Password, persistent, lockoutOnFailure: true);
            if (result.Succeeded)
            {
                return LocalRedirect(Url.IsLocalUrl(ReturnUrl) && ReturnUrl.StartsWith(home, StringComparison.OrdinalIgnoreCase) ? ReturnUrl : home);
            }

            lockedOut = result.IsLockedOut;
        }

        ModelState.AddModelError(string.Empty, lockedOut ? LockedOutMessage : NotRightMessage);
        return Page();
    }
}
