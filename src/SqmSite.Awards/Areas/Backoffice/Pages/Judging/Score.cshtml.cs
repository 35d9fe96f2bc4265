using Microsoft.AspNetCore.Mvc;
using SqmSite.Awards.Judging;
using SqmSite.Awards.Nominations;
using SqmSite.Cms.Web;

namespace SqmSite.Awards.Areas.Backoffice.Pages.Judging;

/// <summary>
/// One assigned entry for its judge: the entry as the print view shows it, a score and comment per criterion (save
/// for later, submit), and "I have a conflict". An entry that is not this judge's answers 404.
/// </summary>
public sealed class ScoreModel(JudgeService judges, ScoringService scoring, StoryAttachments attachments, SqmSite.Cms.Forms.FormService forms,
    SqmSite.Cms.Forms.FormEntryService entries) : JudgePageModel(judges)
{
    [BindProperty(SupportsGet = true)]
    public Guid Key { get; set; }

    /// <summary>The scores as typed, by criterion (kept on a refused save so nothing typed is lost).</summary>
    [BindProperty]
    public List<ScoreInput> Scores { get; set; } = [];

    [BindProperty]
    public int? Revision { get; set; }

    [BindProperty]
    public string? ConflictReason { get; set; }

    public JudgingEntry Entry { get; private set; } = null!;

    public IReadOnlyList<StoryAttachment> Attachments { get; private set; } = [];

    public IReadOnlyList<ChecklistItem> Checklist { get; private set; } = [];

    public bool ReadOnly => Entry.Sheet?.IsSubmitted == true || !Entry.Nomination.CanBeJudged;

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (!await LoadAsync(ct))
        {
            return NotFound();
        }

        Scores = [.. Entry.Setup.Criteria.Select(c => Entry.Sheet?.For(c.Key) is { } s
            ? new ScoreInput { Criterion = c.Key, Score = s.Score?.ToString(System.Globalization.CultureInfo.InvariantCulture), Comment = s.Comment, Shareable = s.Shareable }
            : new ScoreInput { Criterion = c.Key })];
        Revision = Entry.Sheet?.Revision;
        return Page();
    }

    public Task<IActionResult> OnPostSaveAsync(CancellationToken ct) => SaveAsync(submit: false, ct);

    public Task<IActionResult> OnPostSubmitAsync(CancellationToken ct) => SaveAsync(submit: true, ct);

    public async Task<IActionResult> OnPostConflictAsync(CancellationToken ct)
    {
        if (await FindJudgeAsync(ct) is not { } judge)
        {
            return NotFound();
        }

        var result = await scoring.DeclareConflictAsync(judge.Id, Key, ConflictReason, Actor, ct);
        if (result.Status == JudgingOperationStatus.NotFound)
        {
            return NotFound();
        }

        if (!result.Succeeded)
        {
            ModelState.AddAttempt(result);
            return await RedisplayAsync(ct);
        }

        TempData.Notice("Your conflict is recorded and the entry has left your list. The awards team sees your reason and may assign another judge.");
        return Redirect("/backoffice/judging");
    }

    private async Task<IActionResult> SaveAsync(bool submit, CancellationToken ct)
    {
        if (await FindJudgeAsync(ct) is not { } judge)
        {
            return NotFound();
        }

        var (input, unreadable) = ScoreInput.Read(Scores);
        var result = unreadable.Count > 0
            ? SqmSite.Cms.Attempt<JudgingOperationStatus>.Fail(JudgingOperationStatus.Invalid, "Please correct the fields marked.", unreadable)
            : await scoring.SaveAsync(judge.Id, Key, input, submit, Revision, Actor, ct);
        if (result.Status == JudgingOperationStatus.NotFound)
        {
            return NotFound();
        }

        if (!result.Succeeded)
        {
            ModelState.AddAttempt(result);
            return await RedisplayAsync(ct);
        }

        TempData.Notice(submit ? "Your scores are submitted. Thank you." : "Your scores are saved as a draft. Submit them when you are done.");
        return Redirect(submit ? "/backoffice/judging" : $"/backoffice/judging/{Key}");
    }

    private async Task<IActionResult> RedisplayAsync(CancellationToken ct) => await LoadAsync(ct) ? Page() : NotFound();

    private async Task<bool> LoadAsync(CancellationToken ct)
    {
        if ((Judge ?? await FindJudgeAsync(ct)) is not { } judge || await scoring.OpenAsync(judge.Id, Key, ct) is not { } entry)
        {
            return false;
        }

        Entry = entry;
        Attachments = await attachments.ListAsync(entry.Nomination.Id, ct);
        Checklist = [.. (await ChecklistItem.LoadAsync(entry.Nomination, forms, entries, ct))
            .Select(i => i with { Answer = entry.Masked(i.Answer), Comment = i.Comment is null ? null : entry.Masked(i.Comment) })];
        return true;
    }
}

/// <summary>A criterion's score as the form posts it: text, so that "seven" is refused with a message rather than silently dropped.</summary>
public sealed class ScoreInput
{
    public Guid Criterion { get; set; }

    public string? Score { get; set; }

    public string? Comment { get; set; }

    public bool Shareable { get; set; }

    public static (IReadOnlyList<CriterionScore> Scores, Dictionary<string, string> Errors) Read(IReadOnlyList<ScoreInput> inputs)
    {
        var errors = new Dictionary<string, string>();
        var scores = new List<CriterionScore>(inputs.Count);
        for (var i = 0; i < inputs.Count; i++)
        {
            var input = inputs[i];
            int? score = null;
            if (!string.IsNullOrWhiteSpace(input.Score))
            {
                if (int.TryParse(input.Score.Trim(), System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out var parsed))
                {
                    score = parsed;
                }
                else
                {
                    errors[$"Scores[{i}].Score"] = "Enter a whole number as the score.";
                }
            }

            scores.Add(new CriterionScore(input.Criterion, score, input.Comment, input.Shareable));
        }

        return (scores, errors);
    }
}
