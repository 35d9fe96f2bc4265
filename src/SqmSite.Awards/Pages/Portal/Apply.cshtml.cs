using Microsoft.AspNetCore.Mvc;
using SqmSite.Awards.Cycles;
using SqmSite.Awards.Nominations;
using SqmSite.Awards.Portal;
using SqmSite.Cms.Published;

namespace SqmSite.Awards.Pages.Portal;

/// <summary>Step 1: apply in any or all open categories, with an overview of at most 1,000 characters each.</summary>
public sealed class ApplyModel(NomineeAccounts accounts, CycleCatalog catalog, NominationService nominations, IPublishedContentCache content)
    : PortalPageModel(accounts, catalog)
{
    public sealed record Choice(Guid Key, string Name, string? Summary);

    [BindProperty]
    public List<Guid> Selected { get; set; } = [];

    [BindProperty]
    public Dictionary<Guid, string?> Overviews { get; set; } = [];

    [BindProperty]
    public List<Guid> Resubmissions { get; set; } = [];

    public IReadOnlyList<Choice> Choices { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        await LoadAsync(ct);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        await LoadAsync(ct);
        if (Cycle is null)
        {
            return NotFound();
        }

        if (Selected.Count == 0)
        {
            ModelState.AddModelError(string.Empty, "Tick at least one category to apply in.");
            return Page();
        }

        var open = Choices.ToDictionary(c => c.Key);
        var applied = new List<string>();
        foreach (var key in Selected.Distinct())
        {
            if (!open.TryGetValue(key, out var choice))
            {
                // Not open this cycle, or applied already (a second click): nothing to do for it.
                continue;
            }

            var (_, result) = await nominations.ApplyAsync(Cycle.Id, Organization.Id, key, choice.Name, Overviews.GetValueOrDefault(key),
                Resubmissions.Contains(key), User.Identity?.Name ?? "nominee", ct);
            if (result.Succeeded || result.Status == NominationStatus.AlreadyApplied)
            {
                applied.Add(choice.Name);
            }
            else
            {
                ModelState.AddModelError($"Overview-{key}", $"{choice.Name}: {result.FieldErrors.Values.FirstOrDefault() ?? result.Message}");
            }
        }

        if (!ModelState.IsValid)
        {
            // What was applied stays applied; the rest is shown again with the person's text.
            await LoadAsync(ct);
            if (applied.Count > 0)
            {
                TempData["Message"] = "Applied in " + string.Join(", ", applied) + ".";
            }

            return Page();
        }

        TempData["Message"] = "Thank you. You applied in " + string.Join(", ", applied) + ". Next: the eligibility checklist.";
        return Redirect("/portal");
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        if (Cycle is null)
        {
            return;
        }

        var existing = (await nominations.ForOrganizationAsync(Organization.Id, Cycle.Id, ct)).Select(n => n.CategoryKey).ToHashSet();
        var snapshot = content.Snapshot;
        Choices = [.. Cycle.CategoryKeys.Where(k => !existing.Contains(k)).Select(k => snapshot.ByKey(k)).OfType<PublishedContent>()
            .Select(c => new Choice(c.Key, c.Name, c.Value("summary")))];
    }
}
