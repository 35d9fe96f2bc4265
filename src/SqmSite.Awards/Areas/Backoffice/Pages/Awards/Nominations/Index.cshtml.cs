using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using SqmSite.Awards.Cycles;
using SqmSite.Awards.Nominations;
using SqmSite.Cms.Forms;

using SqmSite.Cms.Web;

namespace SqmSite.Awards.Areas.Backoffice.Pages.Awards.Nominations;

/// <summary>
/// Staff's view of a cycle's nominations: search, filters by category and step with counts, CSV and Excel export of
/// what is shown, and the batch release of finalist decisions.
/// </summary>
public sealed class NominationsModel(NominationService nominations, StaffNominationList list, CycleCatalog catalog, TimeProvider clock) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public int? CycleId { get; set; }

    [BindProperty(SupportsGet = true)]
    public NominationState? State { get; set; }

    [BindProperty(SupportsGet = true)]
    public Guid? Category { get; set; }

    [BindProperty(SupportsGet = true, Name = "q")]
    public string? Search { get; set; }

    public AwardCycle? Cycle { get; private set; }

    public IReadOnlyList<AwardCycle> Cycles => catalog.All;

    public IReadOnlyList<StaffNominationRow> Rows { get; private set; } = [];

    /// <summary>How many nominations matching the search and category are at each step.</summary>
    public IReadOnlyDictionary<NominationState, int> Counts { get; private set; } = new Dictionary<NominationState, int>();

    public int Total { get; private set; }

    /// <summary>The categories nominations of this cycle are in, for the category filter.</summary>
    public IReadOnlyList<(Guid Key, string Name)> Categories { get; private set; } = [];

    /// <summary>Decided finalist decisions that nominees have not heard yet: the batch staff preview and release.</summary>
    public IReadOnlyList<StaffNominationRow> Unreleased { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(CancellationToken ct) => await LoadAsync(ct) ?? Page();

    public Task<IActionResult> OnGetCsvAsync(CancellationToken ct) => ExportAsync("csv", ct);

    public Task<IActionResult> OnGetExcelAsync(CancellationToken ct) => ExportAsync("xlsx", ct);

    /// <summary>The query string of the current filters, for the count links and the exports.</summary>
    public string Query(NominationState? state, string? handler = null)
    {
        var parts = new List<string> { $"cycleId={Cycle?.Id}" };
        if (!string.IsNullOrWhiteSpace(Search))
        {
            parts.Add("q=" + Uri.EscapeDataString(Search));
        }

        if (Category is { } category)
        {
            parts.Add($"category={category}");
        }

        if (state is { } s)
        {
            parts.Add($"state={s}");
        }

        if (handler is not null)
        {
            parts.Add($"handler={handler}");
        }

        return "?" + string.Join("&", parts);
    }

    public async Task<IActionResult> OnPostReleaseAsync(int cycleId, CancellationToken ct)
    {
        var (released, result) = await nominations.ReleaseDecisionsAsync(cycleId, User.Identity?.Name ?? "staff", ct);
        if (result.Status == NominationOperationStatus.NotFound)
        {
            return NotFound();
        }

        if (result.Succeeded)
        {
            TempData.Notice(released == 0 ? "There were no decisions waiting." : $"{released} decision(s) released to the nominees.");
        }
        else
        {
            TempData.Alert(result);
        }

        return Redirect($"/backoffice/awards/nominations?cycleId={cycleId}");
    }

    private async Task<IActionResult> ExportAsync(string kind, CancellationToken ct)
    {
        if (await LoadAsync(ct) is { } refused)
        {
            return refused;
        }

        if (Cycle is null)
        {
            return NotFound();
        }

        var table = StaffNominationList.Table(Cycle, Rows);
        var name = StaffNominationList.FileName(Cycle, clock.GetUtcNow().UtcDateTime, kind);
        Response.Headers.CacheControl = "no-store";
        return SqmSite.Cms.Web.ExportFiles.Download(table, kind, name, "Nominations");
    }

    private async Task<IActionResult?> LoadAsync(CancellationToken ct)
    {
        Cycle = CycleId is { } id ? catalog.All.FirstOrDefault(c => c.Id == id) : catalog.Current;
        if (Cycle is null)
        {
            return CycleId is null ? null : NotFound();
        }

        var all = await list.QueryAsync(Cycle, new StaffNominationFilter(), ct);
        Categories = [.. all.Rows.GroupBy(r => r.CategoryKey).Select(g => (g.Key, g.First().CategoryName)).OrderBy(c => c.Item2, StringComparer.OrdinalIgnoreCase)];
        Unreleased = [.. all.Rows.Where(r => r.CanReleaseDecision)];
        var page = await list.QueryAsync(Cycle, new StaffNominationFilter(Search, Category, State), ct);
        Rows = page.Rows;
        Counts = page.Counts;
        Total = page.Total;
        return null;
    }
}
