using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Options;
using SqmSite.Awards.Judging;
using SqmSite.Cms;
using SqmSite.Cms.Web;

namespace SqmSite.Awards.Areas.Backoffice.Pages.Awards.Judging;

/// <summary>The judges: their profiles, pending invitations, and the form that invites a new judge by email.</summary>
public sealed class JudgesModel(JudgeService judges, IOptions<CmsOptions> options) : PageModel
{
    [BindProperty]
    public string? Email { get; set; }

    [BindProperty]
    public string? Name { get; set; }

    [BindProperty]
    public string? Employer { get; set; }

    public IReadOnlyList<JudgeRow> Judges { get; private set; } = [];

    public IReadOnlyList<JudgeInvitationRow> Pending { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct) => await LoadAsync(ct);

    public async Task<IActionResult> OnPostInviteAsync(CancellationToken ct)
    {
        var result = await judges.InviteAsync(Email, Name, Employer, User.Identity?.Name ?? "staff", PublicUrls.BaseUrl(Request, options.Value), ct);
        if (!result.Succeeded)
        {
            ModelState.AddAttempt(result);
            await LoadAsync(ct);
            return Page();
        }

        TempData.Notice($"{Name?.Trim()} is invited: the email with their link is on its way. They appear in the list once they accept (or at once, if the address already had a backoffice account).");
        return Redirect("/backoffice/awards/judging/judges");
    }

    public async Task<IActionResult> OnPostRevokeAsync(Guid key, CancellationToken ct)
    {
        var result = await judges.RevokeInvitationAsync(key, ct);
        if (result.Succeeded)
        {
            TempData.Notice("The invitation is revoked; its link no longer works.");
        }
        else
        {
            TempData.Alert(result);
        }

        return Redirect("/backoffice/awards/judging/judges");
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        Judges = await judges.ListAsync(ct);
        Pending = await judges.PendingInvitationsAsync(ct);
    }
}
