using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using SqmSite.Awards.Judging;
using SqmSite.Cms.Security;
using SqmSite.Cms.Web;

namespace SqmSite.Awards.Areas.Backoffice.Pages.Judging;

/// <summary>A judge's invitation link: the judge chooses a password and is signed in to their entries. A tampered, used or expired link gets a clear page (400).</summary>
public sealed class JudgeInvitationModel(JudgeService judges, SignInManager<BackofficeUser> signIn) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public string? Token { get; set; }

    [BindProperty]
    public string? Password { get; set; }

    [BindProperty]
    public string? ConfirmPassword { get; set; }

    public JudgeInvitation? Invitation { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        Invitation = await judges.FindPendingAsync(Token, ct);
        return Invitation is null ? NotValid() : Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var result = await judges.AcceptAsync(Token, Password, ConfirmPassword, ct);
        if (result.Status == JudgingOperationStatus.LinkNotValid)
        {
            return NotValid();
        }

        if (!result.Succeeded)
        {
            ModelState.AddAttempt(result);
            Invitation = await judges.FindPendingAsync(Token, ct);
            return Invitation is null ? NotValid() : Page();
        }

        await signIn.SignInAsync(result.Value!, isPersistent: false);
        TempData.Notice("Welcome to the judging panel. Your entries appear here once the awards team assigns them.");
        return Redirect("/backoffice/judging");
    }

    private PageResult NotValid()
    {
        Invitation = null;
        Response.StatusCode = StatusCodes.Status400BadRequest;
        return Page();
    }
}
