using Microsoft.AspNetCore.Mvc;
using SqmSite.Awards.Judging;

namespace SqmSite.Awards.Areas.Backoffice.Pages.Judging;

/// <summary>A judge's entries: only those assigned to them (and not recused), with how far each score sheet is.</summary>
public sealed class JudgingIndexModel(JudgeService judges, ScoringService scoring) : JudgePageModel(judges)
{
    public IReadOnlyList<JudgeEntryRow> Entries { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (await FindJudgeAsync(ct) is { } judge)
        {
            Entries = await scoring.EntriesAsync(judge.Id, ct);
        }

        return Page();
    }
}
