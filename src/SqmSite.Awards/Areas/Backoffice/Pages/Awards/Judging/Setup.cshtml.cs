using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using SqmSite.Awards.Cycles;
using SqmSite.Awards.Judging;
using SqmSite.Cms.Web;

namespace SqmSite.Awards.Areas.Backoffice.Pages.Awards.Judging;

/// <summary>
/// A cycle's score set and judging settings. The criteria table always has two empty rows to add criteria; a row
/// left empty or ticked "remove" goes. Once a judge has saved a score the criteria are read-only.
/// </summary>
public sealed class SetupModel(CycleCatalog catalog, JudgingSetups setups) : PageModel
{
    /// <summary>Empty rows offered for new criteria.</summary>
    public const int SpareRows = 2;

    [BindProperty(SupportsGet = true)]
    public int Id { get; set; }

    [BindProperty]
    public List<CriterionInput> Criteria { get; set; } = [];

    [BindProperty]
    public bool BlindJudging { get; set; }

    [BindProperty]
    public bool EntrantFeedback { get; set; }

    public AwardCycle Cycle { get; private set; } = null!;

    public bool Locked { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (catalog.All.FirstOrDefault(c => c.Id == Id) is not { } cycle)
        {
            return NotFound();
        }

        Cycle = cycle;
        var setup = await setups.ForCycleAsync(Id, ct);
        Locked = setup.IsLocked;
        BlindJudging = setup.BlindJudging;
        EntrantFeedback = setup.EntrantFeedback;
        Criteria = [.. setup.Criteria.Select(CriterionInput.From)];
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (catalog.All.FirstOrDefault(c => c.Id == Id) is not { } cycle)
        {
            return NotFound();
        }

        Cycle = cycle;
        var setup = await setups.ForCycleAsync(Id, ct);
        Locked = setup.IsLocked;
        var kept = Criteria.Where(c => !c.Remove && !c.IsEmpty).ToList();
        var (criteria, unreadable) = CriterionInput.Read(kept);
        var result = unreadable.Count > 0
            ? SqmSite.Cms.Attempt<JudgingOperationStatus>.Fail(JudgingOperationStatus.Invalid, "Please correct the fields marked.", unreadable)
            : await setups.SaveAsync(Id, Locked ? null : criteria, BlindJudging, EntrantFeedback, ct);
        if (!result.Succeeded)
        {
            Criteria = kept;
            ModelState.AddAttempt(result);
            return Page();
        }

        TempData.Notice(Locked ? "The settings are saved (the criteria are locked)." : "The score set and settings are saved.");
        return Redirect($"/backoffice/awards/judging/setup/{Id}");
    }
}

/// <summary>A criterion row as the form posts it; numbers as text, so that a typo gets a message instead of a zero.</summary>
public sealed class CriterionInput
{
    public Guid? Key { get; set; }

    public string? Name { get; set; }

    public string? Guidance { get; set; }

    public string? Weight { get; set; }

    public string? Maximum { get; set; }

    public bool CommentRequired { get; set; }

    public bool Remove { get; set; }

    public bool IsEmpty => string.IsNullOrWhiteSpace(Name) && string.IsNullOrWhiteSpace(Guidance) && string.IsNullOrWhiteSpace(Weight) && string.IsNullOrWhiteSpace(Maximum);

    public static CriterionInput From(Criterion c) => new()
    {
        Key = c.Key,
        Name = c.Name,
        Guidance = c.Guidance,
        Weight = c.Weight.ToString("0.##", CultureInfo.InvariantCulture),
        Maximum = c.Maximum.ToString(CultureInfo.InvariantCulture),
        CommentRequired = c.CommentRequired,
    };

    public static (IReadOnlyList<Criterion> Criteria, Dictionary<string, string> Errors) Read(IReadOnlyList<CriterionInput> rows)
    {
        var errors = new Dictionary<string, string>();
        var criteria = new List<Criterion>(rows.Count);
        for (var i = 0; i < rows.Count; i++)
        {
            var row = rows[i];
            if (!decimal.TryParse(row.Weight?.Trim(), NumberStyles.Number, CultureInfo.InvariantCulture, out var weight))
            {
                errors[$"Criteria[{i}].Weight"] = $"Enter the weight of {(string.IsNullOrWhiteSpace(row.Name) ? "the criterion" : row.Name.Trim())} as a number, such as 20.";
            }

            if (!int.TryParse(row.Maximum?.Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var maximum))
            {
                errors[$"Criteria[{i}].Maximum"] = $"Enter the maximum score of {(string.IsNullOrWhiteSpace(row.Name) ? "the criterion" : row.Name.Trim())} as a whole number, such as 10.";
            }

            criteria.Add(new Criterion(row.Key ?? Guid.NewGuid(), row.Name ?? "", row.Guidance ?? "", weight, maximum, row.CommentRequired));
        }

        return (criteria, errors);
    }
}
