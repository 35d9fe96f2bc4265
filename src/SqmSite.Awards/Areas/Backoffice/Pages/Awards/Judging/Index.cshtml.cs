using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using SqmSite.Awards.Cycles;
using SqmSite.Awards.Judging;
using SqmSite.Cms.Published;

namespace SqmSite.Awards.Areas.Backoffice.Pages.Awards.Judging;

/// <summary>Step 5 for staff: each category of a cycle with its panel, entries, progress and result.</summary>
public sealed class JudgingOverviewModel(CycleCatalog catalog, PanelService panels, ResultsService results, IPublishedContentCache content) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public int? Cycle { get; set; }

    public AwardCycle? Current { get; private set; }

    public IReadOnlyList<AwardCycle> Cycles => catalog.All;

    public IReadOnlyList<CategoryLine> Lines { get; private set; } = [];

    public sealed record CategoryLine(Guid CategoryKey, string Name, Panel? Panel, CategoryResults? Results);

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        Current = Cycle is { } id ? catalog.All.FirstOrDefault(c => c.Id == id) : catalog.Current;
        if (Current is null)
        {
            return Cycle is null ? Page() : NotFound();
        }

        var existing = (await panels.PanelsAsync(Current.Id, ct)).ToDictionary(p => p.CategoryKey);
        var lines = new List<CategoryLine>();
        foreach (var key in Current.CategoryKeys)
        {
            var panel = existing.GetValueOrDefault(key);
            lines.Add(new CategoryLine(key, CategoryName(key) ?? panel?.CategoryName ?? "Category page not published", panel,
                panel is null ? null : await results.ForPanelAsync(panel.Key, forJudge: false, ct)));
        }

        Lines = lines;
        return Page();
    }

    /// <summary>Forms the category's panel (empty, three judges per entry) and opens it.</summary>
    public async Task<IActionResult> OnPostFormAsync(int cycle, Guid category, CancellationToken ct)
    {
        var found = catalog.All.FirstOrDefault(c => c.Id == cycle);
        if (found is null || !found.IsOpen(category))
        {
            return NotFound();
        }

        var panel = await panels.PanelAsync(found.Id, category, CategoryName(category) ?? "Category", ct);
        return Redirect($"/backoffice/awards/judging/panels/{panel.Key}");
    }

    private string? CategoryName(Guid key) => content.Snapshot.ByKey(key)?.Name;
}
