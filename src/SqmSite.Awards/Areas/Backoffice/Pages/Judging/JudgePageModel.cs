using System.Security.Claims;
using Microsoft.AspNetCore.Mvc.RazorPages;
using SqmSite.Awards.Judging;

namespace SqmSite.Awards.Areas.Backoffice.Pages.Judging;

/// <summary>A judge's page: finds the signed-in judge's profile; a Judge-role account without one sees no entries.</summary>
public abstract class JudgePageModel(JudgeService judges) : PageModel
{
    public JudgeProfile? Judge { get; private set; }

    protected string Actor => User.Identity?.Name ?? "judge";

    protected async Task<JudgeProfile?> FindJudgeAsync(CancellationToken ct) =>
        Judge = User.FindFirstValue(ClaimTypes.NameIdentifier) is { } id ? await judges.ForUserAsync(id, ct) : null;
}
