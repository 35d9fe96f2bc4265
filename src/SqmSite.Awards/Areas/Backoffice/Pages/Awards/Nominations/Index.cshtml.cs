using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using SqmSite.Awards.Cycles;
using SqmSite.Awards.Nominations;

namespace SqmSite.Awards.Areas.Backoffice.Pages.Awards.Nominations;

/// <summary>Staff's view of a cycle's nominations, and the batch release of finalist decisions.</summary>
public sealed class NominationsModel(NominationService nominations, CycleCatalog catalog) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public int? CycleId { get; set; }

    [BindProperty(SupportsGet = true)]
    public NominationState? State { get; set; }

    public AwardCycle? Cycle { get; private set; }

    public IReadOnlyList<AwardCycle> Cycles => catalog.All;

    public IReadOnlyList<StaffNominationRow> Rows { get; private set; } = [];

    /// <summary>Decided finalist decisions that nominees have not heard yet: the batch staff preview and release.</summary>
    public IReadOnlyList<StaffNominationRow> Unreleased { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        Cycle = CycleId is { } id ? catalog.All.FirstOrDefault(c => c.Id == id) : catalog.Current;
        if (Cycle is null)
        {
            return CycleId is null ? Page() : NotFound();
        }

        Rows = await nominations.StaffListAsync(Cycle.Id, State, ct);
        Unreleased = [.. (State is null ? Rows : await nominations.StaffListAsync(Cycle.Id, null, ct))
            .Where(r => r.DecisionReleasedUtc is null && r.State is NominationState.Finalist or NominationState.NotSelected)];
        return Page();
    }

    public async Task<IActionResult> OnPostReleaseAsync(int cycleId, CancellationToken ct)
    {
        var (released, result) = await nominations.ReleaseDecisionsAsync(cycleId, User.Identity?.Name ?? "staff", ct);
        if (result.Status == NominationStatus.NotFound)
        {
            return NotFound();
        }

        if (result.Succeeded)
        {
            TempData["Message"] = released == 0 ? "There were no decisions waiting." : $"{released} decision(s) released to the nominees.";
        }
        else
        {
            TempData["Error"] = result.Message;
        }

        return Redirect($"/backoffice/awards/nominations?cycleId={cycleId}");
    }
}
