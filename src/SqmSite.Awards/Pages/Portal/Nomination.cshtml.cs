using Microsoft.AspNetCore.Mvc;
using SqmSite.Awards.Cycles;
using SqmSite.Awards.Nominations;
using SqmSite.Awards.Portal;

using SqmSite.Cms;
using SqmSite.Cms.Web;

namespace SqmSite.Awards.Pages.Portal;

/// <summary>One of the organization's nominations: where it stands, the overview while it may change, withdrawal.</summary>
public sealed class NominationModel(NomineeAccounts accounts, CycleCatalog catalog, NominationService nominations, Judging.ResultsService results)
    : PortalPageModel(accounts, catalog)
{
    [BindProperty(SupportsGet = true)]
    public Guid Key { get; set; }

    public Nomination Nomination { get; private set; } = null!;

    public AwardCycle NominationCycle { get; private set; } = null!;

    [BindProperty]
    public string? Overview { get; set; }

    /// <summary>The judges' outcome, once the category is announced (and its feedback, when the cycle shares it).</summary>
    public Judging.EntrantOutcome? Outcome { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (!await LoadAsync(ct))
        {
            return NotFound();
        }

        Overview = Nomination.Overview;
        return Page();
    }

    public async Task<IActionResult> OnPostOverviewAsync(CancellationToken ct)
    {
        var result = await nominations.StepAsync(Key, Organization.Id, (n, c, now) => n.UpdateOverview(c, Overview, User.Identity?.Name ?? "nominee", now), ct: ct);
        return await AfterAsync(result, "The overview was saved.", ct);
    }

    public async Task<IActionResult> OnPostWithdrawAsync(string? reason, CancellationToken ct)
    {
        var result = await nominations.StepAsync(Key, Organization.Id, (n, c, now) => n.Withdraw(reason, User.Identity?.Name ?? "nominee", now), ct: ct);
        return await AfterAsync(result, "The nomination was withdrawn.", ct);
    }

    private async Task<IActionResult> AfterAsync(Attempt<NominationOperationStatus> result, string success, CancellationToken ct)
    {
        if (result.Status == NominationOperationStatus.NotFound)
        {
            return NotFound();
        }

        if (result.Succeeded)
        {
            TempData.Notice(success);
            return Redirect($"/portal/nominations/{Key}");
        }

        ModelState.AddAttempt(result);
        await LoadAsync(ct);
        return Page();
    }

    private async Task<bool> LoadAsync(CancellationToken ct)
    {
        if (await FindNominationAsync(nominations, Key, ct) is not { } found)
        {
            return false;
        }

        (Nomination, NominationCycle) = found;
        Outcome = await results.OutcomeAsync(Nomination, ct);
        return true;
    }
}
