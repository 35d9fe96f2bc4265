using Microsoft.AspNetCore.Mvc;
using SqmSite.Awards.Cycles;
using SqmSite.Awards.Nominations;
using SqmSite.Awards.Portal;
using SqmSite.Cms.Published;

using SqmSite.Cms.Web;

namespace SqmSite.Awards.Pages.Portal;

/// <summary>Step 1: apply in any or all open categories, with an overview of at most 1,000 characters each.</summary>
public sealed class ApplyModel(NomineeAccounts accounts, CycleCatalog catalog, NominationService nominations, IPublishedContentCache content,
    TimeProvider clock) : PortalPageModel(accounts, catalog)
{
    public sealed record Choice(Guid Key, string Name, string? Summary);

    [BindProperty]
    public List<Guid> Selected { get; set; } = [];

    [BindProperty]
    public Dictionary<Guid, string?> Overviews { get; set; } = [];

    [BindProperty]
    public List<Guid> Resubmissions { get; set; } = [];

    public IReadOnlyList<Choice> Choices { get; private set; } = [];

    /// <summary>"Applications closed on ..." or "open on ...": shown instead of the form outside the application window.</summary>
    public string? Closed { get; private set; }

    private HashSet<Guid> _existing = [];

    /// <summary>The form, with the category of <paramref name="category"/> (a category page's "Apply in this category") ticked.</summary>
    public async Task<IActionResult> OnGetAsync(Guid? category, CancellationToken ct)
    {
        await LoadAsync(ct);
        if (category is { } key && Choices.Any(c => c.Key == key))
        {
            Selected = [key];
        }

        return Page();
    }

    /// <summary>Without script: "Continue" shows the overview boxes of the categories ticked (script shows them as they are ticked).</summary>
    public async Task<IActionResult> OnPostChooseAsync(CancellationToken ct)
    {
        await LoadAsync(ct);
        if (Selected.Count == 0)
        {
            ModelState.AddModelError("Categories", "Tick at least one category to apply in.");
        }

        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        await LoadAsync(ct);
        if (Cycle is null)
        {
            return NotFound();
        }

        if (Closed is not null)
        {
            return Page();
        }

        if (Selected.Count == 0)
        {
            ModelState.AddModelError("Categories", "Tick at least one category to apply in.");
            return Page();
        }

        var open = Choices.ToDictionary(c => c.Key);
        var applied = new List<string>();
        foreach (var key in Selected.Distinct())
        {
            if (!open.TryGetValue(key, out var choice))
            {
                // Applied already (a second click): nothing to do for it. Not open this cycle: said below if nothing else was.
                if (_existing.Contains(key))
                {
                    applied.Add(content.Snapshot.ByKey(key)?.Name ?? "a category");
                }

                continue;
            }

            var (_, result) = await nominations.ApplyAsync(Cycle.Id, Organization.Id, key, choice.Name, Overviews.GetValueOrDefault(key),
                Resubmissions.Contains(key), User.Identity?.Name ?? "nominee", ct);
            if (result.Succeeded || result.Status == NominationOperationStatus.AlreadyApplied)
            {
                applied.Add(choice.Name);
            }
            else
            {
                ModelState.AddModelError($"Overview-{key}", $"{choice.Name}: {result.Errors.Values.FirstOrDefault() ?? result.Message}");
            }
        }

        if (applied.Count == 0 && ModelState.IsValid)
        {
            // Only categories that are not open (or do not exist) were sent: nothing was applied, and the page says so.
            ModelState.AddModelError("Categories", "Nothing was applied: the categories chosen are not open for entries. Tick one of the categories listed.");
        }

        if (!ModelState.IsValid)
        {
            // What was applied stays applied; the rest is shown again with the person's text.
            await LoadAsync(ct);
            if (applied.Count > 0)
            {
                TempData.Notice("Applied in " + string.Join(", ", applied) + ".");
            }

            return Page();
        }

        TempData.Notice("Thank you. You applied in " + string.Join(", ", applied) + ". Next: the eligibility checklist.");
        return Redirect("/portal");
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        if (Cycle is null)
        {
            return;
        }

        var now = clock.GetUtcNow().UtcDateTime;
        Closed = now < Cycle.Dates.ApplicationsOpenUtc ? $"Applications for {Cycle.Name} open on {Local(Cycle.Dates.ApplicationsOpenUtc)}."
            : now >= Cycle.Dates.ApplicationsCloseUtc ? $"Applications for {Cycle.Name} closed on {Local(Cycle.Dates.ApplicationsCloseUtc)}."
            : null;
        _existing = (await nominations.ForOrganizationAsync(Organization.Id, Cycle.Id, ct)).Select(n => n.CategoryKey).ToHashSet();
        var existing = _existing;
        var snapshot = content.Snapshot;
        Choices = [.. Cycle.CategoryKeys.Where(k => !existing.Contains(k)).Select(k => snapshot.ByKey(k)).OfType<PublishedContent>()
            .Select(c => new Choice(c.Key, c.Name, c.Value("summary")))];
    }
}
