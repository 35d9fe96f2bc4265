using SqmSite.Cms.Forms;

namespace SqmSite.Awards.Nominations;

/// <summary>One checklist item as staff and judges read it: the question, the nominee's answer and their comment on it.</summary>
public sealed record ChecklistItem(string Question, string Answer, string? Comment)
{
    /// <summary>
    /// Pairs each question with the comment field the checklist builder puts after it (alias "q1" and "q1comment");
    /// any other field stands alone, so a checklist edited in Forms still shows every answer.
    /// </summary>
    /// <summary>The nomination's submitted checklist as items; empty when there is none (or its form is gone).</summary>
    public static async Task<IReadOnlyList<ChecklistItem>> LoadAsync(Nomination nomination, FormService forms, FormEntryService entries, CancellationToken ct)
    {
        if (nomination.ChecklistEntryKey is not { } entryKey || await entries.GetEntryAsync(entryKey, ct) is not { } entry
            || await forms.GetFormAsync(entry.Form.Key, ct) is not { } form)
        {
            return [];
        }

        return From(form.Pages.SelectMany(p => p.Fields).Where(f => f.HoldsValue).Select(f => (f.Alias, f.Label, FormValues.Display(entry.Values[f.Alias]))));
    }

    public static IReadOnlyList<ChecklistItem> From(IEnumerable<(string Alias, string Label, string Answer)> fields)
    {
        var items = new List<ChecklistItem>();
        string? lastAlias = null;
        foreach (var (alias, label, answer) in fields)
        {
            if (lastAlias is not null && alias == lastAlias + "comment" && items[^1].Comment is null)
            {
                items[^1] = items[^1] with { Comment = string.IsNullOrWhiteSpace(answer) ? "" : answer };
                lastAlias = null;
                continue;
            }

            items.Add(new ChecklistItem(label, answer, null));
            lastAlias = alias;
        }

        return items;
    }
}
