using System.Security.Claims;
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

    /// <summary>The invitation's key, from the dashboard: it opens only for the contact the invitation was sent to.</summary>
    [BindProperty(SupportsGet = true)]
    public Guid? Key { get; set; }

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

    /// <summary>The invitation by the emailed link's token, or by its key for the signed-in contact it was sent to.</summary>
    private async Task<OutsideNomination?> FindAsync(CancellationToken ct) => Key is { } key
        ? await outside.FindInvitationForAsync(key, User.FindFirstValue(ClaimTypes.Email) ?? User.Identity?.Name, ct)
        : await outside.FindInvitationAsync(Token, ct);

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if ((Invitation = await FindAsync(ct)) is null)
        {
            return NotOpen();
        }

        SubjectName = Invitation.SubjectName;
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if ((Invitation = await FindAsync(ct)) is null)
        {
            return NotOpen();
        }

        var (nomination, result) = await outside.TakeUpAsync(Invitation, Organization.Id, Overview, SubjectName, JobTitle, TeamMembers, User.Identity?.Name ?? "nominee", ct);
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
        if (await FindAsync(ct) is not { } invitation)
        {
            return NotOpen();
        }

        await outside.DeclineAsync(invitation, ct);

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
