using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using SqmSite.Awards.Cycles;

using SqmSite.Cms.Web;

namespace SqmSite.Awards.Areas.Backoffice.Pages.Awards.Cycles;

public sealed class CyclesModel(CycleService cycles, CycleCatalog catalog) : PageModel
{
    public IReadOnlyList<AwardCycle> Cycles { get; private set; } = [];

    public int? CurrentId { get; private set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        Cycles = await cycles.ListAsync(ct);
        CurrentId = catalog.Current?.Id;
    }

    public async Task<IActionResult> OnPostCopyAsync(int id, CancellationToken ct)
    {
        var (next, problems) = await cycles.CopyToNextYearAsync(id, ct);
        if (next is null)
        {
            TempData.Alert(string.Join(" ", problems));
            return Redirect("/backoffice/awards/cycles");
        }

        TempData.Notice($"{next.Name} was created with every date a year later. Check the dates, then save. "
            + "Checklist forms are made per cycle and were not copied: see the cycle's checklist forms.");
        return Redirect($"/backoffice/awards/cycles/edit/{next.Id}");
    }
}
