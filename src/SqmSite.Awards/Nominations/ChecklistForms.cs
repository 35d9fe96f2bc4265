using Microsoft.EntityFrameworkCore;
using SqmSite.Awards.Cycles;
using SqmSite.Awards.Data;
using SqmSite.Cms;
using SqmSite.Cms.Forms;
using SqmSite.Cms.Published;

namespace SqmSite.Awards.Nominations;

/// <summary>How making or rebuilding a checklist form ended; each failure becomes a clear message for staff.</summary>
public enum ChecklistFormOperationStatus
{
    Success,
    NotFound,
    CategoryNotOpen,
    CategoryMissing,
    NoQuestions,
    HasEntries,
    Failed,
    NoChecklistForKind,
}

/// <summary>What a successful checklist step did to the form.</summary>
public enum ChecklistFormChange
{
    Created,
    AlreadyExists,
    Rebuilt,
}

/// <summary>The checklist form a successful step left, what it did, and the sentence staff read about it.</summary>
public sealed record ChecklistFormChanged(string Alias, ChecklistFormChange Change, string Notice);

/// <summary>One open category of a cycle and the state of its checklist form, as staff see it.</summary>
/// <param name="CategoryName">Null when the category page is no longer published.</param>
/// <param name="FormId">The form's id in the Forms backoffice; null when the form does not exist yet.</param>
/// <param name="FormQuestions">The form's yes/no questions (single-choice fields), in order.</param>
/// <param name="CategoryQuestions">The category page's current checklist questions.</param>
/// <param name="Drafts">Checklist entries saved but not submitted.</param>
/// <param name="SubmittedEntries">Checklist entries submitted to the form.</param>
/// <param name="NominationsWithChecklist">Nominations of this cycle and category whose checklist was submitted.</param>
public sealed record ChecklistFormRow(Guid CategoryKey, string? CategoryName, string? Alias, int? FormId, IReadOnlyList<string> FormQuestions,
    IReadOnlyList<string> CategoryQuestions, int Drafts, int SubmittedEntries, int NominationsWithChecklist)
{
    public bool Exists => FormId is not null;

    /// <summary>The form's questions are not the category page's current ones (an editor changed either since the form was made).</summary>
    public bool Differs => Exists && !FormQuestions.SequenceEqual(CategoryQuestions, StringComparer.Ordinal);

    /// <summary>Rebuilding replaces the questions; only while no nominee has saved or sent answers to them.</summary>
    public bool CanRebuild => Exists && Drafts == 0 && SubmittedEntries == 0;
}

/// <summary>
/// The eligibility checklist of a category in a cycle is a form of the engine's forms module, made from the
/// category page's questions: lazily when a nominee first opens it, or by staff ahead of time (both through
/// <see cref="CreateAsync"/>'s one code path). Editors change it in Forms afterwards. Forms are per cycle and are
/// never copied from one cycle to the next.
/// </summary>
public sealed class ChecklistForms(FormService forms, FormEntryService entries, IPublishedContentCache content, AwardsDbContext db)
{
    /// <summary>
    /// The answers of a nomination's submitted checklist, question by question, as the nominee and staff read them;
    /// empty before it is submitted (or when its form was deleted).
    /// </summary>
    public async Task<IReadOnlyList<(string Question, string Answer)>> SubmittedAnswersAsync(Nomination nomination, CancellationToken ct = default)
    {
        if (nomination.ChecklistEntryKey is not { } entryKey || await entries.GetEntryAsync(entryKey, ct) is not { } entry
            || await forms.GetFormAsync(entry.Form.Key, ct) is not { } form)
        {
            return [];
        }

        return [.. form.Pages.SelectMany(p => p.Fields).Where(f => f.HoldsValue)
            .Select(f => (f.Label, FormValues.Display(entry.Values[f.Alias])))];
    }

    public static string Alias(AwardCycle cycle, PublishedContent category) => $"checklist-{cycle.Year}-{category.UrlSegment}";

    /// <summary>The yes/no questions of a checklist form, as the form holds them now.</summary>
    public static IReadOnlyList<string> Questions(FormDefinition form) =>
        [.. form.ValueFields.Where(f => f.Type == FormFieldType.SingleChoice).Select(f => f.Label)];

    /// <summary>
    /// The checklist form's alias for a nomination's category, creating the form when it does not exist yet; null
    /// when it cannot be made (the category page is gone or has no questions). The category need not be open in the
    /// cycle any more: a nomination made while it was open keeps its checklist.
    /// </summary>
    public async Task<string?> EnsureAsync(AwardCycle cycle, Guid categoryKey, CancellationToken ct = default)
    {
        var result = await CreateAsync(cycle, categoryKey, requireOpen: false, ct);
        return result.Succeeded ? result.Value!.Alias : null;
    }

    /// <summary>Staff: creates a category's checklist form for the cycle if it is missing (idempotent).</summary>
    public Task<Attempt<ChecklistFormChanged, ChecklistFormOperationStatus>> CreateAsync(AwardCycle cycle, Guid categoryKey, CancellationToken ct = default) =>
        CreateAsync(cycle, categoryKey, requireOpen: true, ct);

    /// <summary>Staff: creates every missing checklist form of the cycle's open categories. Running it twice creates nothing the second time.</summary>
    public async Task<IReadOnlyList<Attempt<ChecklistFormChanged, ChecklistFormOperationStatus>>> CreateMissingAsync(AwardCycle cycle, CancellationToken ct = default)
    {
        var results = new List<Attempt<ChecklistFormChanged, ChecklistFormOperationStatus>>();
        foreach (var key in cycle.CategoryKeys.Where(HasChecklist))
        {
            results.Add(await CreateAsync(cycle, key, requireOpen: true, ct));
        }

        return results;
    }

    /// <summary>
    /// Staff: replaces a checklist form's questions with the category page's current ones, keeping the form's key
    /// and alias. Refused once any nominee has a draft or a submitted entry, so nothing saved is lost or misread.
    /// </summary>
    public async Task<Attempt<ChecklistFormChanged, ChecklistFormOperationStatus>> RebuildAsync(AwardCycle cycle, Guid categoryKey, CancellationToken ct = default)
    {
        if (CheckCategory(cycle, categoryKey, requireOpen: true) is { } refused)
        {
            return refused;
        }

        var category = content.Snapshot.ByKey(categoryKey)!;
        var alias = Alias(cycle, category);
        var existing = await forms.GetFormAsync(alias, ct);
        var summary = (await forms.GetFormsAsync(ct)).FirstOrDefault(f => f.Alias == alias);
        if (existing is null || summary is null)
        {
            return Attempt<ChecklistFormChanged, ChecklistFormOperationStatus>.Fail(ChecklistFormOperationStatus.NotFound, $"The checklist of {category.Name} does not exist yet; create it instead.");
        }

        if (summary.Drafts + summary.Submitted > 0)
        {
            return Attempt<ChecklistFormChanged, ChecklistFormOperationStatus>.Fail(ChecklistFormOperationStatus.HasEntries, $"The checklist of {category.Name} was not rebuilt: nominees have already saved or submitted answers to it "
                + $"({summary.Submitted} submitted, {summary.Drafts} draft{(summary.Drafts == 1 ? "" : "s")}). Change it in Forms instead.");
        }

        return await SaveAsync(Build(cycle, category, existing.Key), category, ChecklistFormChange.Rebuilt,
            $"The checklist of {category.Name} was rebuilt from the category's questions.", ct);
    }

    /// <summary>Each open category of the cycle, in the cycle's order, with its checklist form and how far nominees got with it.</summary>
    public async Task<IReadOnlyList<ChecklistFormRow>> ListAsync(AwardCycle cycle, CancellationToken ct = default)
    {
        var summaries = (await forms.GetFormsAsync(ct)).ToDictionary(f => f.Alias, StringComparer.Ordinal);
        var submitted = await db.Nominations.AsNoTracking()
            .Where(n => n.CycleId == cycle.Id && n.ChecklistSubmittedUtc != null)
            .GroupBy(n => n.CategoryKey).Select(g => new { g.Key, Count = g.Count() })
            .ToDictionaryAsync(g => g.Key, g => g.Count, ct);
        var snapshot = content.Snapshot;
        var rows = new List<ChecklistFormRow>();
        foreach (var key in cycle.CategoryKeys.Where(HasChecklist))
        {
            var nominations = submitted.GetValueOrDefault(key);
            if (snapshot.ByKey(key) is not { } category)
            {
                rows.Add(new(key, null, null, null, [], [], 0, 0, nominations));
                continue;
            }

            var alias = Alias(cycle, category);
            var summary = summaries.GetValueOrDefault(alias);
            var definition = summary is null ? null : await forms.GetFormAsync(alias, ct);
            rows.Add(new(key, category.Name, alias, summary?.Id, definition is null ? [] : Questions(definition), CategoryQuestions(category),
                summary?.Drafts ?? 0, summary?.Submitted ?? 0, nominations));
        }

        return rows;
    }

    private async Task<Attempt<ChecklistFormChanged, ChecklistFormOperationStatus>> CreateAsync(AwardCycle cycle, Guid categoryKey, bool requireOpen, CancellationToken ct)
    {
        if (CheckCategory(cycle, categoryKey, requireOpen) is { } refused)
        {
            return refused;
        }

        var category = content.Snapshot.ByKey(categoryKey)!;
        var alias = Alias(cycle, category);
        if (await forms.GetFormAsync(alias, ct) is not null)
        {
            return Attempt<ChecklistFormChanged, ChecklistFormOperationStatus>.Ok(new(alias, ChecklistFormChange.AlreadyExists, $"The checklist of {category.Name} already exists."));
        }

        var result = await SaveAsync(Build(cycle, category, Guid.NewGuid()), category, ChecklistFormChange.Created,
            $"The checklist of {category.Name} was created.", ct);

        // Two people making the same checklist at once: the second save finds the alias taken, and the form exists.
        return result.Status == ChecklistFormOperationStatus.Failed && await forms.GetFormAsync(alias, ct) is not null
            ? Attempt<ChecklistFormChanged, ChecklistFormOperationStatus>.Ok(new(alias, ChecklistFormChange.AlreadyExists, $"The checklist of {category.Name} already exists."))
            : result;
    }

    private Attempt<ChecklistFormChanged, ChecklistFormOperationStatus>? CheckCategory(AwardCycle cycle, Guid categoryKey, bool requireOpen)
    {
        if (requireOpen && !cycle.IsOpen(categoryKey))
        {
            var name = content.Snapshot.ByKey(categoryKey)?.Name ?? "That category";
            return Attempt<ChecklistFormChanged, ChecklistFormOperationStatus>.Fail(ChecklistFormOperationStatus.CategoryNotOpen, $"{name} is not open in {cycle.Name}; open it on the cycle's page first.");
        }

        if (content.Snapshot.ByKey(categoryKey) is not { } category)
        {
            return Attempt<ChecklistFormChanged, ChecklistFormOperationStatus>.Fail(ChecklistFormOperationStatus.CategoryMissing, "The category's page is not published, so its questions cannot be read.");
        }

        return HasChecklist(categoryKey) ? null
            : Attempt<ChecklistFormChanged, ChecklistFormOperationStatus>.Fail(ChecklistFormOperationStatus.NoChecklistForKind,
                $"{category.Name} is a {CategoryKinds.Of(category).Label.ToLowerInvariant()} award: its entries need no eligibility checklist.");
    }

    /// <summary>Whether the category's kind has an eligibility checklist; a page not published is listed (as missing) like a practice.</summary>
    private bool HasChecklist(Guid categoryKey) =>
        content.Snapshot.ByKey(categoryKey) is not { } category || CategoryKinds.Of(category).HasChecklist;

    private async Task<Attempt<ChecklistFormChanged, ChecklistFormOperationStatus>> SaveAsync(FormDefinition definition, PublishedContent category, ChecklistFormChange change,
        string message, CancellationToken ct)
    {
        if (!definition.Pages[0].Fields.Any())
        {
            return Attempt<ChecklistFormChanged, ChecklistFormOperationStatus>.Fail(ChecklistFormOperationStatus.NoQuestions, $"{category.Name} has no checklist questions; add them to the category page in Content first.");
        }

        var saved = await forms.SaveFormAsync(definition, ct);
        return saved.Succeeded
            ? Attempt<ChecklistFormChanged, ChecklistFormOperationStatus>.Ok(new(definition.Alias, change, message))
            : Attempt<ChecklistFormChanged, ChecklistFormOperationStatus>.Fail(ChecklistFormOperationStatus.Failed, $"The checklist of {category.Name} could not be saved: {saved.Message}");
    }

    private static IReadOnlyList<string> CategoryQuestions(PublishedContent category) =>
        [.. category.List("categoryQuestions").Select(q => q.Trim()).Where(q => q.Length > 0)];

    private static FormDefinition Build(AwardCycle cycle, PublishedContent category, Guid key) => new()
    {
        Key = key,
        Alias = Alias(cycle, category),
        Name = $"Eligibility checklist {cycle.Year}: {category.Name}",
        Description = "Answer each item yes or no; add a comment wherever it helps us understand the practice.",
        Confidential = true,
        SaveForLater = true,
        SubmitLabel = "Submit the checklist",
        Pages =
        [
            new FormPage
            {
                Fields =
                [
                    .. CategoryQuestions(category).SelectMany((question, i) => new[]
                    {
                        new FormField { Alias = $"q{i + 1}", Label = question, Type = FormFieldType.SingleChoice, Required = true, Options = ["Yes", "No"] },
                        new FormField { Alias = $"q{i + 1}comment", Label = $"Comment on item {i + 1}", Type = FormFieldType.LongText, MaxLength = 2000 },
                    }),
                ],
            },
        ],
    };
}
