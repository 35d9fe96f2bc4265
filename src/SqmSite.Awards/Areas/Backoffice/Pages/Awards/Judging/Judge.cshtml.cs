using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using SqmSite.Awards.Data;
using SqmSite.Awards.Judging;
using SqmSite.Cms.Web;

namespace SqmSite.Awards.Areas.Backoffice.Pages.Awards.Judging;

/// <summary>One judge's profile: name, employer, and the organizations they must never judge.</summary>
public sealed class JudgeModel(JudgeService judges, AwardsDbContext db) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public Guid Key { get; set; }

    [BindProperty]
    public string? Name { get; set; }

    [BindProperty]
    public string? Employer { get; set; }

    [BindProperty]
    public List<int> NeverJudge { get; set; } = [];

    public IReadOnlyList<(int Id, string Name)> Organizations { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (await judges.FindAsync(Key, ct) is not { } judge)
        {
            return NotFound();
        }

        Name = judge.Name;
        Employer = judge.Employer;
        NeverJudge = [.. judge.NeverJudge];
        await LoadAsync(ct);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var result = await judges.UpdateProfileAsync(Key, Name, Employer, NeverJudge, ct);
        if (result.Status == JudgingOperationStatus.NotFound)
        {
            return NotFound();
        }

        if (!result.Succeeded)
        {
            ModelState.AddAttempt(result);
            await LoadAsync(ct);
            return Page();
        }

        TempData.Notice("The judge's profile is saved.");
        return Redirect("/backoffice/awards/judging/judges");
    }

    private async Task LoadAsync(CancellationToken ct) =>
        Organizations = [.. (await db.Organizations.AsNoTracking().OrderBy(o => o.OfficialName).Select(o => new { o.Id, o.OfficialName }).ToListAsync(ct))
            .Select(o => (o.Id, o.OfficialName))];
}
