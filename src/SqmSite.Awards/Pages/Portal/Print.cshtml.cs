using Microsoft.AspNetCore.Mvc;
using SqmSite.Awards.Cycles;
using SqmSite.Awards.Nominations;
using SqmSite.Awards.Portal;

namespace SqmSite.Awards.Pages.Portal;

/// <summary>The whole entry on one clean page, for printing or saving as PDF from the browser.</summary>
public sealed class PrintModel(NomineeAccounts accounts, CycleCatalog catalog, NominationService nominations, StoryAttachments attachments)
    : PortalPageModel(accounts, catalog)
{
    [BindProperty(SupportsGet = true)]
    public Guid Key { get; set; }

    public Nomination Nomination { get; private set; } = null!;

    public AwardCycle NominationCycle { get; private set; } = null!;

    public IReadOnlyList<StoryAttachment> Attachments { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (await FindNominationAsync(nominations, Key, ct) is not { } found)
        {
            return NotFound();
        }

        (Nomination, NominationCycle) = found;
        Attachments = await attachments.ListAsync(Nomination.Id, ct);
        return Page();
    }
}
