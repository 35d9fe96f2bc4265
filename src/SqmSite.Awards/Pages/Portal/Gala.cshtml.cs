using Microsoft.AspNetCore.Mvc;
using SqmSite.Awards.Cycles;
using SqmSite.Awards.Gala;
using SqmSite.Awards.Portal;
using SqmSite.Cms.Web;

namespace SqmSite.Awards.Pages.Portal;

/// <summary>The gala invitation of the signed-in person's organization for the current cycle: who comes, and their tickets.</summary>
public sealed class GalaModel(NomineeAccounts accounts, CycleCatalog catalog, RsvpService rsvps, GalaAnswers answers) : PortalPageModel(accounts, catalog)
{
    [BindProperty]
    public List<AttendeeRow> Rows { get; set; } = [];

    [BindProperty]
    public bool ConfirmNobodyComing { get; set; }

    /// <summary>Null when the organization has no invitation to this cycle's gala.</summary>
    public GalaAnswerView? View { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        await LoadAsync(ct);
        if (View is not null)
        {
            Rows = GalaAnswers.RowsOf(View);
        }

        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (await InvitationAsync(ct) is not { } invitation)
        {
            return NotFound();
        }

        var result = await answers.SaveAsync(invitation, Rows, ConfirmNobodyComing, ct);
        if (!result.Succeeded)
        {
            (View, Rows) = await answers.RefusedAsync(ModelState, invitation, result, Rows, ct);
            return Page();
        }

        TempData.Notice(result.Value!.Describe());
        return Redirect("/portal/gala");
    }

    private async Task<GalaInvitation?> InvitationAsync(CancellationToken ct) =>
        Cycle is null ? null : await rsvps.ForOrganizationAsync(Organization.Id, Cycle.Id, ct);

    private async Task LoadAsync(CancellationToken ct) =>
        View = await InvitationAsync(ct) is { } invitation ? await answers.LoadAsync(invitation, ct) : null;
}
