using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;
using SqmSite.Awards.Organizations;
using SqmSite.Cms.Security;

using SqmSite.Cms.Web;

namespace SqmSite.Awards.Pages.Portal;

/// <summary>
/// The link from a colleague's invitation: shows whom it invites to which organization, and makes the account. Anyone
/// holding the link may open it, so the token is the only key and posts are rate limited like registration.
/// </summary>
[EnableRateLimiting(SqmSite.Cms.DependencyInjection.PublicPostRateLimit)]
public sealed class InvitationModel(InvitationService invitations, SignInManager<BackofficeUser> signIn) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public string? Token { get; set; }

    [BindProperty]
    public string? Name { get; set; }

    [BindProperty]
    public string? Password { get; set; }

    [BindProperty]
    public string? ConfirmPassword { get; set; }

    /// <summary>The invitation the link opens; null when it is unknown, expired, used or revoked.</summary>
    public PendingInvitation? Invitation { get; private set; }

    public string? Error(string key) => ModelState.FirstError(key);

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        Invitation = await invitations.FindPendingAsync(Token, ct);
        if (Invitation is null)
        {
            return NotValid();
        }

        Name ??= Invitation.Name;
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var result = await invitations.AcceptAsync(Token, Name, Password, ConfirmPassword, ct);
        if (result.Status == InvitationOperationStatus.LinkNotValid)
        {
            return NotValid();
        }

        if (!result.Succeeded)
        {
            ModelState.AddAttempt(result);

            Invitation = await invitations.FindPendingAsync(Token, ct);
            return Invitation is null ? NotValid() : Page();
        }

        await signIn.SignInAsync(result.Value!, isPersistent: false);
        TempData.Notice("Welcome: you have joined your organization in the nominee portal.");
        return Redirect("/portal");
    }

    private PageResult NotValid()
    {
        Invitation = null;
        Response.StatusCode = StatusCodes.Status400BadRequest;
        return Page();
    }
}
