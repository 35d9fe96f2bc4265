using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using SqmSite.Awards.Portal;
using SqmSite.Cms.Security;

namespace SqmSite.Awards.Pages.Portal;

/// <summary>The link from the confirmation email: confirms the address and signs the person in.</summary>
public sealed class ConfirmModel(NomineeAccounts accounts, SignInManager<BackofficeUser> signIn) : PageModel
{
    public async Task<IActionResult> OnGetAsync(string? userId, string? code)
    {
        var user = await accounts.ConfirmAsync(userId, code);
        if (user is null)
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }

        await signIn.SignInAsync(user, isPersistent: false);
        TempData["Message"] = "Thank you: your email address is confirmed.";
        return Redirect("/portal");
    }
}
