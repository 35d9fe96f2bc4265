using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using SqmSite.Awards.Judging;
using SqmSite.Cms.Web;

namespace SqmSite.Awards.Areas.Backoffice.Pages.Awards.Judging;

/// <summary>
/// A category's panel: its judges, lead and judges per entry; the entries with their assignments (by hand, or
/// "Assign automatically", which first shows the plan with its reasons and saves only when staff confirm).
/// </summary>
public sealed class PanelModel(PanelService panels) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public Guid Key { get; set; }

    /// <summary>Show the automatic plan (a dry run) above the entries.</summary>
    [BindProperty(SupportsGet = true)]
    public bool Plan { get; set; }

    [BindProperty]
    public List<int> JudgeIds { get; set; } = [];

    [BindProperty]
    public int? LeadJudgeId { get; set; }

    [BindProperty]
    public int JudgesPerEntry { get; set; }

    public PanelView View { get; private set; } = null!;

    public AssignmentPlan? ProposedPlan { get; private set; }

    private string Actor => User.Identity?.Name ?? "staff";

    private string PageUrl => $"/backoffice/awards/judging/panels/{Key}";

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (!await LoadAsync(ct))
        {
            return NotFound();
        }

        JudgeIds = [.. View.Panel.JudgeIds];
        LeadJudgeId = View.Panel.LeadJudgeId;
        JudgesPerEntry = View.Panel.JudgesPerEntry;
        if (Plan)
        {
            ProposedPlan = await panels.PlanAsync(Key, ct);
        }

        return Page();
    }

    public async Task<IActionResult> OnPostPanelAsync(CancellationToken ct)
    {
        var result = await panels.UpdatePanelAsync(Key, JudgeIds, LeadJudgeId, JudgesPerEntry, ct);
        if (result.Status == JudgingOperationStatus.NotFound)
        {
            return NotFound();
        }

        if (!result.Succeeded)
        {
            ModelState.AddAttempt(result);
            return await LoadAsync(ct) ? Page() : NotFound();
        }

        TempData.Notice("The panel is saved.");
        return Redirect(PageUrl);
    }

    public async Task<IActionResult> OnPostAssignAsync(Guid nomination, int judge, CancellationToken ct) =>
        Done(await panels.AssignAsync(Key, nomination, judge, Actor, ct), "The judge is assigned.");

    public async Task<IActionResult> OnPostUnassignAsync(Guid assignment, CancellationToken ct) =>
        Done(await panels.UnassignAsync(assignment, Actor, ct), "The assignment is removed.");

    public async Task<IActionResult> OnPostApplyPlanAsync(CancellationToken ct)
    {
        var result = await panels.ApplyPlanAsync(Key, Actor, ct);
        if (!result.Succeeded)
        {
            TempData.Alert(result);
            return Redirect(PageUrl);
        }

        var plan = result.Value!;
        TempData.Notice($"Automatic assignment saved: {plan.Add.Count} assignment{(plan.Add.Count == 1 ? "" : "s")} added, {plan.Remove.Count} removed."
            + (plan.CanBeMet ? "" : " Some entries still lack judges; see below."));
        return Redirect(plan.CanBeMet ? PageUrl : PageUrl + "?plan=true");
    }

    private IActionResult Done(SqmSite.Cms.Attempt<JudgingOperationStatus> result, string notice)
    {
        if (result.Succeeded)
        {
            TempData.Notice(notice);
        }
        else
        {
            TempData.Alert(result);
        }

        return Redirect(PageUrl);
    }

    private async Task<bool> LoadAsync(CancellationToken ct)
    {
        if (await panels.ViewAsync(Key, ct) is not { } view)
        {
            return false;
        }

        View = view;
        return true;
    }
}
