using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using SqmSite.Awards.Portal;

using SqmSite.Cms.Web;

namespace SqmSite.Awards.Pages.Portal;

/// <summary>
/// The link from the confirmation email: confirms the address, once, and sends the person to sign in. It does not sign
/// in: a link that did could be used again from any browser, or to sign someone else into the sender's account.
/// </summary>
public sealed class ConfirmModel(NomineeAccounts accounts) : PageModel
{
    public async Task<IActionResult> OnGetAsync(string? userId, string? code)
    {
        var user = await accounts.ConfirmAsync(userId, code);
        if (user is null)
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }

        TempData.Notice("Thank you: your email address is confirmed. Sign in with your email and password.");
        return Redirect("/portal/login");
    }
}
