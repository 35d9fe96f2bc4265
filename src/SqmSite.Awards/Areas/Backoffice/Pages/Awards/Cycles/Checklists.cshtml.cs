using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using SqmSite.Awards.Cycles;
using SqmSite.Awards.Nominations;
using SqmSite.Cms.Security;

using SqmSite.Cms.Web;

namespace SqmSite.Awards.Areas.Backoffice.Pages.Awards.Cycles;

/// <summary>
/// A cycle's eligibility checklist forms, one per open category: which exist, whether their questions still match
/// the category pages, and how far nominees got. Staff create the missing ones ahead of time and rebuild one that
/// nobody has answered yet.
/// </summary>
public sealed class CycleChecklistsModel(CycleService cycles, ChecklistForms checklists, IAuthorizationService authorization) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public int Id { get; set; }

    /// <summary>The category whose rebuild waits for confirmation.</summary>
    [BindProperty(SupportsGet = true)]
    public Guid? Rebuild { get; set; }

    public AwardCycle Cycle { get; private set; } = null!;

    public IReadOnlyList<ChecklistFormRow> Rows { get; private set; } = [];

    public ChecklistFormRow? ToRebuild { get; private set; }

    /// <summary>Whether this person may open the Forms backoffice (administrators and editors; awards staff may not).</summary>
    public bool MayEditForms { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (!await LoadAsync(ct))
        {
            return NotFound();
        }

        if (Rebuild is { } key)
        {
            ToRebuild = Rows.FirstOrDefault(r => r.CategoryKey == key);
            if (ToRebuild is null)
            {
                TempData.Alert("That category is not open in this cycle.");
                return Redirect(PageUrl);
            }
        }

        return Page();
    }

    public async Task<IActionResult> OnPostCreateMissingAsync(CancellationToken ct)
    {
        if (await cycles.GetAsync(Id, ct) is not { } cycle)
        {
            return NotFound();
        }

        var results = await checklists.CreateMissingAsync(cycle, ct);
        var created = results.Count(r => r.Value?.Change == ChecklistFormChange.Created);
        var problems = results.Where(r => !r.Succeeded).Select(r => r.Message!).ToList();
        TempData.Notice(created == 0 ? "No checklist form was missing; nothing was created." : $"{created} checklist form(s) created.");
        if (problems.Count > 0)
        {
            TempData.Alert(string.Join(" ", problems));
        }

        return Redirect(PageUrl);
    }

    public async Task<IActionResult> OnPostCreateAsync(Guid category, CancellationToken ct)
    {
        if (await cycles.GetAsync(Id, ct) is not { } cycle)
        {
            return NotFound();
        }

        return Report(await checklists.CreateAsync(cycle, category, ct));
    }

    public async Task<IActionResult> OnPostRebuildAsync(Guid category, CancellationToken ct)
    {
        if (await cycles.GetAsync(Id, ct) is not { } cycle)
        {
            return NotFound();
        }

        return Report(await checklists.RebuildAsync(cycle, category, ct));
    }

    public string PageUrl => $"/backoffice/awards/cycles/{Id}/checklists";

    private RedirectResult Report(SqmSite.Cms.Attempt<ChecklistFormChanged, ChecklistFormOperationStatus> result)
    {
        if (result.Succeeded)
        {
            TempData.Notice(result.Value!.Notice);
        }
        else
        {
            TempData.Alert(result);
        }

        return Redirect(PageUrl);
    }

    private async Task<bool> LoadAsync(CancellationToken ct)
    {
        if (await cycles.GetAsync(Id, ct) is not { } cycle)
        {
            return false;
        }

        Cycle = cycle;
        Rows = await checklists.ListAsync(cycle, ct);
        MayEditForms = (await authorization.AuthorizeAsync(User, BackofficePolicies.Forms)).Succeeded;
        return true;
    }
}
