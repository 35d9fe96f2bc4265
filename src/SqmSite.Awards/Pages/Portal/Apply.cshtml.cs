using Microsoft.AspNetCore.Mvc;
using SqmSite.Awards.Cycles;
using SqmSite.Awards.Nominations;
using SqmSite.Awards.Portal;
using SqmSite.Cms.Published;

using SqmSite.Cms.Web;

namespace SqmSite.Awards.Pages.Portal;

/// <summary>Step 1: apply in any or all open categories, with an overview of at most 1,000 characters each.</summary>
public sealed class ApplyModel(NomineeAccounts accounts, CycleCatalog catalog, NominationService nominations, IPublishedContentCache content,
    AwardCategories categories, TimeProvider clock) : PortalPageModel(accounts, catalog)
{
    /// <summary>A category to apply in; <see cref="Entered"/> names the people or teams already entered where the kind takes several.</summary>
    public sealed record Choice(Guid Key, string Name, string? Summary, CategoryKindRules Rules, IReadOnlyList<string> Entered);

    [BindProperty]
    public List<Guid> Selected { get; set; } = [];

    [BindProperty]
    public Dictionary<Guid, string?> Overviews { get; set; } = [];

    [BindProperty]
    public List<Guid> Resubmissions { get; set; } = [];

    // Each dictionary names its prefix: a form without any of its fields (only practices chosen) then leaves it empty,
    // instead of the binder falling back to reading every field of the form as one of its keys.

    /// <summary>The person's or team's name, by category, where the category's kind names one.</summary>
    [BindProperty(Name = nameof(SubjectNames))]
    public Dictionary<Guid, string?> SubjectNames { get; set; } = [];

    [BindProperty(Name = nameof(JobTitles))]
    public Dictionary<Guid, string?> JobTitles { get; set; } = [];

    /// <summary>A team's members, one per line, by category.</summary>
    [BindProperty(Name = nameof(TeamMembers))]
    public Dictionary<Guid, string?> TeamMembers { get; set; } = [];

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
        var checklistDue = false;
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

            var (subject, subjectErrors) = CategoryKinds.CheckSubject(choice.Rules, SubjectNames.GetValueOrDefault(key), JobTitles.GetValueOrDefault(key),
                TeamMembers.GetValueOrDefault(key));
            if (subjectErrors.Count > 0)
            {
                foreach (var (field, error) in subjectErrors)
                {
                    ModelState.AddModelError($"{field}-{key}", $"{choice.Name}: {error}");
                }

                continue;
            }

            var (nomination, result) = await nominations.ApplyAsync(Cycle.Id, Organization.Id, key, choice.Name, Overviews.GetValueOrDefault(key),
                Resubmissions.Contains(key), User.Identity?.Name ?? "nominee", ct, choice.Rules.Kind, subject);
            if (result.Succeeded || result.Status == NominationOperationStatus.AlreadyApplied)
            {
                applied.Add(nomination?.Title ?? choice.Name);
                checklistDue |= nomination?.State == NominationState.Applied;
            }
            else
            {
                var field = result.Errors.Keys.FirstOrDefault() is { } f && f != "Overview" ? f : "Overview";
                ModelState.AddModelError($"{field}-{key}", $"{choice.Name}: {result.Errors.Values.FirstOrDefault() ?? result.Message}");
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

        TempData.Notice("Thank you. You applied in " + string.Join(", ", applied) + "."
            + (checklistDue ? " Next: the eligibility checklist." : " No eligibility checklist is needed: we will tell you whether you are a finalist."));
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
        var mine = await nominations.ForOrganizationAsync(Organization.Id, Cycle.Id, ct);

        // A category taking one entry leaves the list once entered; one taking several people or teams stays, naming them.
        _existing = mine.Where(n => !n.KindRules.ManyEntriesPerOrganization).Select(n => n.CategoryKey).ToHashSet();
        var existing = _existing;
        Choices = [.. categories.OpenIn(Cycle).Where(c => !existing.Contains(c.Key))
            .Select(c => new Choice(c.Key, c.Name, c.Summary, c.Rules,
                [.. mine.Where(n => n.CategoryKey == c.Key && n.SubjectName is not null).Select(n => n.SubjectName!)]))];
    }
}
