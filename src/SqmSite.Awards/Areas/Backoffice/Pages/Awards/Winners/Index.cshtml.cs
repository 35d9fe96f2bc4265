using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using SqmSite.Awards.Cycles;
using SqmSite.Awards.Data;
using SqmSite.Awards.Winners;
using SqmSite.Cms.Content;

namespace SqmSite.Awards.Areas.Backoffice.Pages.Awards.Winners;

/// <summary>The declared winners of a cycle: consent on record or not, the story's state, and the way to each winner's record.</summary>
public sealed class WinnersModel(CycleCatalog catalog, AwardsDbContext db, ContentService content) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public int? Cycle { get; set; }

    public AwardCycle? Current { get; private set; }

    public IReadOnlyList<AwardCycle> Cycles => catalog.All;

    public IReadOnlyList<WinnerLine> Lines { get; private set; } = [];

    public sealed record WinnerLine(Guid NominationKey, string Organization, string Category, WinnerConsent? Consent, bool Withdrawn, ContentNode? Story);

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        Current = Cycle is { } id ? catalog.All.FirstOrDefault(c => c.Id == id) : catalog.Current;
        if (Current is null)
        {
            return Cycle is null ? Page() : NotFound();
        }

        var winners = await (from n in db.Nominations.AsNoTracking()
                             join o in db.Organizations.AsNoTracking() on n.OrganizationId equals o.Id
                             where n.CycleId == Current.Id && n.AwardedUtc != null
                             orderby n.CategoryName
                             select new { n.Id, n.Key, n.CategoryName, o.OfficialName }).ToListAsync(ct);
        var ids = winners.Select(w => w.Id).ToList();
        var consents = await db.WinnerConsents.AsNoTracking().Where(c => ids.Contains(c.NominationId)).ToListAsync(ct);
        var links = await db.WinnerStories.AsNoTracking().Where(l => ids.Contains(l.NominationId)).ToListAsync(ct);
        var lines = new List<WinnerLine>();
        foreach (var w in winners)
        {
            var mine = consents.Where(c => c.NominationId == w.Id).OrderByDescending(c => c.Id).ToList();
            var link = links.FirstOrDefault(l => l.NominationId == w.Id);
            lines.Add(new WinnerLine(w.Key, w.OfficialName, w.CategoryName, mine.FirstOrDefault(c => c.InForce), mine.Count > 0 && mine.All(c => c.IsWithdrawn),
                link is null ? null : await content.GetNodeAsync(link.ContentKey, ct)));
        }

        Lines = lines;
        return Page();
    }
}
