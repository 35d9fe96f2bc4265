using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using SqmSite.Awards.Cycles;
using SqmSite.Awards.Nominations;
using SqmSite.Cms.Web;

namespace SqmSite.Awards.Areas.Backoffice.Pages.Awards.Nominations;

/// <summary>
/// Staff screen nominations by others: grouped by candidate per category (several nominations of the same organization
/// or person count as one entry, with every nominator listed), each accepted (the contact is invited), merged into
/// another, or refused with a reason for the record.
/// </summary>
public sealed class ByOthersModel(OutsideNominationService outside, CycleCatalog catalog) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public int? CycleId { get; set; }

    public AwardCycle? Cycle { get; private set; }

    public IReadOnlyList<OutsideCandidate> Candidates { get; private set; } = [];

    /// <summary>The nomination whose refusal failed, to show its message beside its form.</summary>
    public Guid? Failed { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct) => await LoadAsync(ct) ? Page() : NotFound();

    public async Task<IActionResult> OnPostAcceptAsync(Guid key, CancellationToken ct) =>
        await AfterAsync(key, await outside.AcceptAsync(key, User.Identity?.Name ?? "staff", ct), "Accepted: the contact is invited by email to take the nomination up.", ct);

    public async Task<IActionResult> OnPostRefuseAsync(Guid key, string? reason, CancellationToken ct) =>
        await AfterAsync(key, await outside.RefuseAsync(key, reason, User.Identity?.Name ?? "staff", ct), "Refused. The nominator is told only that the nomination was reviewed.", ct);

    public async Task<IActionResult> OnPostMergeAsync(Guid key, Guid? into, CancellationToken ct) =>
        await AfterAsync(key, into is { } target
            ? await outside.MergeAsync(key, target, User.Identity?.Name ?? "staff", ct)
            : SqmSite.Cms.Attempt<OutsideNominationOperationStatus>.Invalid(OutsideNominationOperationStatus.ValidationFailed, "Into", "Choose the nomination to merge it into."),
            "Merged: it counts with the nomination it was merged into.", ct);

    private async Task<IActionResult> AfterAsync(Guid key, SqmSite.Cms.Attempt<OutsideNominationOperationStatus> result, string notice, CancellationToken ct)
    {
        if (result.Succeeded)
        {
            TempData.Notice(notice);
            return Redirect($"/backoffice/awards/nominations/by-others?cycleId={CycleId}");
        }

        if (result.Status == OutsideNominationOperationStatus.NotFound)
        {
            return NotFound();
        }

        ModelState.AddAttempt(result, field => $"{field}-{key:N}");
        Failed = key;
        return await LoadAsync(ct) ? Page() : NotFound();
    }

    private async Task<bool> LoadAsync(CancellationToken ct)
    {
        Cycle = CycleId is { } id ? catalog.All.FirstOrDefault(c => c.Id == id) : catalog.Current;
        if (Cycle is null)
        {
            return CycleId is null;
        }

        CycleId = Cycle.Id;
        Candidates = await outside.ScreeningListAsync(Cycle.Id, ct);
        return true;
    }
}
