using Microsoft.AspNetCore.Mvc;
using SqmSite.Awards.Cycles;
using SqmSite.Awards.Nominations;
using SqmSite.Awards.Portal;

namespace SqmSite.Awards.Pages.Portal;

/// <summary>The whole entry on one clean page, for printing or saving as PDF from the browser.</summary>
public sealed class PrintModel(NomineeAccounts accounts, CycleCatalog catalog, NominationService nominations) : PortalPageModel(accounts, catalog)
{
    [BindProperty(SupportsGet = true)]
    public Guid Key { get; set; }

    public Nomination Nomination { get; private set; } = null!;

    public AwardCycle NominationCycle { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        var nomination = await nominations.FindForOrganizationAsync(Organization.Id, Key, ct);
        var cycle = nomination is null ? null : Catalog.All.FirstOrDefault(c => c.Id == nomination.CycleId);
        if (nomination is null || cycle is null)
        {
            return NotFound();
        }

        (Nomination, NominationCycle) = (nomination, cycle);
        return Page();
    }
}
