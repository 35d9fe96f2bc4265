using System.Security.Claims;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using SqmSite.Awards.Judging;
using SqmSite.Cms.Forms;
using SqmSite.Cms.Security;
using SqmSite.Cms.Web;

namespace SqmSite.Awards.Areas.Backoffice.Pages.Judging;

/// <summary>
/// A category's results for staff and the panel's lead judge (anyone else gets 404): the measures side by side, a
/// warning when they disagree on the top entry, judges' progress, the exports, reopening a sheet, and (staff only)
/// the onsite visit and the winner decision.
/// </summary>
public sealed class ResultsModel(ResultsService results, PanelService panels, ScoringService scoring, JudgeService judges, TimeProvider clock) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public Guid Key { get; set; }

    public CategoryResults Results { get; private set; } = null!;

    public PanelView Panel { get; private set; } = null!;

    public bool IsStaff { get; private set; }

    private int? LeadJudgeId { get; set; }

    private string Actor => User.Identity?.Name ?? "staff";

    private string PageUrl => $"/backoffice/judging/results/{Key}";

    public async Task<IActionResult> OnGetAsync(CancellationToken ct) => await LoadAsync(ct) ? Page() : NotFound();

    public async Task<IActionResult> OnGetCsvAsync(CancellationToken ct) =>
        await LoadAsync(ct) ? ExportFiles.Download(ResultsService.ToTable(Results), "csv", FileName("csv"), Results.Panel.CategoryName) : NotFound();

    public async Task<IActionResult> OnGetExcelAsync(CancellationToken ct) =>
        await LoadAsync(ct)
            ? ExportFiles.Download(ResultsService.ToTable(Results), "xlsx", FileName("xlsx"), Results.Panel.CategoryName)
            : NotFound();

    public async Task<IActionResult> OnPostDeclareAsync(string? winner, string? note, CancellationToken ct)
    {
        if (!await LoadAsync(ct) || !IsStaff)
        {
            return NotFound();
        }

        Guid? key = null;
        if (winner != "none")
        {
            if (!Guid.TryParse(winner, out var parsed))
            {
                ModelState.AddModelError("Winner", "Choose the winning entry, or “No award this year”.");
                return Page();
            }

            key = parsed;
        }

        var result = await results.DeclareAsync(Key, key, note, Actor, ct);
        if (!result.Succeeded)
        {
            ModelState.AddAttempt(result);
            return Page();
        }

        TempData.Notice(key is null ? "Recorded: no award in this category this year." : "The winner is declared. Results stay private until the announcement.");
        return Redirect(PageUrl);
    }

    public async Task<IActionResult> OnPostVisitAsync(Guid nomination, DateOnly? visitDate, string? visitBy, string? visitNotes, CancellationToken ct)
    {
        if (!await LoadAsync(ct) || !IsStaff || Results.Rows.All(r => r.NominationKey != nomination))
        {
            return NotFound();
        }

        var result = await results.RecordVisitAsync(nomination, visitDate, visitBy, visitNotes, Actor, ct);
        if (!result.Succeeded)
        {
            ModelState.AddAttempt(result);
            return Page();
        }

        TempData.Notice("The onsite visit is recorded.");
        return Redirect(PageUrl);
    }

    public async Task<IActionResult> OnPostReopenAsync(Guid assignment, string? reopenReason, CancellationToken ct)
    {
        if (!await LoadAsync(ct))
        {
            return NotFound();
        }

        var result = await scoring.ReopenAsync(assignment, reopenReason, IsStaff, LeadJudgeId, Actor, ct);
        if (result.Status == JudgingOperationStatus.NotFound)
        {
            return NotFound();
        }

        if (!result.Succeeded)
        {
            ModelState.AddAttempt(result);
            return Page();
        }

        TempData.Notice("The score sheet is reopened; the judge can change it and submit again.");
        return Redirect(PageUrl);
    }

    private string FileName(string extension) => $"results-{Results.Panel.CategoryName.ToLowerInvariant().Replace(' ', '-')}-{clock.GetUtcNow():yyyy-MM-dd}.{extension}";

    private async Task<bool> LoadAsync(CancellationToken ct)
    {
        IsStaff = User.IsInRole(BackofficeRoles.AwardsStaff) || User.IsInRole(BackofficeRoles.Administrator);
        if (await results.ForPanelAsync(Key, forJudge: !IsStaff, ct) is not { } found || await panels.ViewAsync(Key, ct) is not { } view)
        {
            return false;
        }

        if (!IsStaff)
        {
            // A lead judge sees their own panel's results; every other judge gets "not found", as for any entry not theirs.
            var judge = User.FindFirstValue(ClaimTypes.NameIdentifier) is { } id ? await judges.ForUserAsync(id, ct) : null;
            if (judge is null || found.Panel.LeadJudgeId != judge.Id)
            {
                return false;
            }

            LeadJudgeId = judge.Id;
        }

        Results = found;
        Panel = view;
        return true;
    }
}
