using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;
using SqmSite.Awards.Portal;
using SqmSite.Cms.Security;

namespace SqmSite.Awards.Pages.Portal;

[EnableRateLimiting(SqmSite.Cms.DependencyInjection.LoginRateLimit)]
public sealed class PortalLoginModel(SignInManager<BackofficeUser> signIn, NomineeAccounts accounts,
    Microsoft.Extensions.Options.IOptions<SqmSite.Cms.CmsOptions> options) : SignInPageModel(signIn)
{
    /// <summary>What the person must do before signing in (confirm the address); shown in place of the error summary.</summary>
    public string? Notice { get; private set; }

    public async Task<IActionResult> OnPostAsync()
    {
        if (!ModelState.IsValid)
        {
            return Page();
        }

        // A nominee signs in only once the address is confirmed; the right password sends a fresh link.
        if (await SignInManager.UserManager.FindByEmailAsync(Email) is { EmailConfirmed: false } unconfirmed
            && await SignInManager.UserManager.IsInRoleAsync(unconfirmed, AwardsRoles.Nominee)
            && await SignInManager.CheckPasswordSignInAsync(unconfirmed, Password, lockoutOnFailure: true) is { Succeeded: true })
        {
            await accounts.SendConfirmationAsync(unconfirmed, SqmSite.Cms.Web.PublicUrls.BaseUrl(Request, options.Value), HttpContext.RequestAborted);
            // Not an error to correct: said as a notice, not under "Please correct the following".
            Notice = $"Your email address is not confirmed yet. We have sent a new link to {unconfirmed.Email}: open it, then sign in.";
            return Page();
        }

        return await SignInAndReturnAsync("/portal", persistent: false);
    }
}
