using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using SqmSite.Awards.Cycles;
using SqmSite.Awards.Nominations;
using SqmSite.Awards.Portal;
using SqmSite.Cms.Web;

namespace SqmSite.Awards.Pages.Portal;

/// <summary>
/// The invitation of a nomination by others, opened by the organization's (or employer's) contact once signed in: take
/// it up as an application in its category, or decline. The nominator's words stay with staff; the page says only
/// who nominated (a peer, a customer, a colleague) and whom.
/// </summary>
public sealed class NominatedModel(NomineeAccounts accounts, CycleCatalog catalog, OutsideNominationService outside) : PortalPageModel(accounts, catalog)
{
    [BindProperty(SupportsGet = true)]
    public string? Token { get; set; }

    [BindProperty]
    public string? Overview { get; set; }

    [BindProperty]
    public string? SubjectName { get; set; }

    [BindProperty]
    public string? JobTitle { get; set; }

    [BindProperty]
    public string? TeamMembers { get; set; }

    /// <summary>Null when the link opens no open invitation.</summary>
    public OutsideNomination? Invitation { get; private set; }

    public CategoryKindRules Rules => CategoryKinds.Of(Invitation?.Kind ?? CategoryKind.Practice);

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if ((Invitation = await outside.FindInvitationAsync(Token, ct)) is null)
        {
            return NotOpen();
        }

        SubjectName = Invitation.SubjectName;
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if ((Invitation = await outside.FindInvitationAsync(Token, ct)) is null)
        {
            return NotOpen();
        }

        var (nomination, result) = await outside.TakeUpAsync(Token, Organization.Id, Overview, SubjectName, JobTitle, TeamMembers, User.Identity?.Name ?? "nominee", ct);
        if (nomination is null)
        {
            ModelState.AddAttempt(result);
            return Page();
        }

        TempData.Notice($"Thank you. You took the nomination up: {nomination.Title} is among your entries.");
        return Redirect($"/portal/nominations/{nomination.Key}");
    }

    public async Task<IActionResult> OnPostDeclineAsync(CancellationToken ct)
    {
        var result = await outside.DeclineAsync(Token, ct);
        if (!result.Succeeded)
        {
            return NotOpen();
        }

        TempData.Notice("You declined the nomination. Nothing was entered, and the nominator is not told why.");
        return Redirect("/portal");
    }

    private PageResult NotOpen()
    {
        Invitation = null;
        Response.StatusCode = StatusCodes.Status404NotFound;
        return Page();
    }
}
