using SqmSite.Awards.Cycles;
using SqmSite.Cms.Forms;
using SqmSite.Cms.Published;

namespace SqmSite.Awards.Nominations;

/// <summary>
/// The eligibility checklist of a category in a cycle is a form of the engine's forms module. It is made from
/// the category page's own questions the first time someone needs it; editors change it in Forms afterwards.
/// </summary>
public sealed class ChecklistForms(FormService forms, IPublishedContentCache content)
{
    public static string Alias(AwardCycle cycle, PublishedContent category) => $"checklist-{cycle.Year}-{category.UrlSegment}";

    /// <summary>The checklist form's alias, creating the form when it does not exist yet; null when the category is gone.</summary>
    public async Task<string?> EnsureAsync(AwardCycle cycle, Guid categoryKey, CancellationToken ct = default)
    {
        if (content.Snapshot.ByKey(categoryKey) is not { } category)
        {
            return null;
        }

        var alias = Alias(cycle, category);
        if (await forms.GetFormAsync(alias, ct) is not null)
        {
            return alias;
        }

        var questions = category.List("categoryQuestions");
        var definition = new FormDefinition
        {
            Key = Guid.NewGuid(),
            Alias = alias,
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
                        .. questions.SelectMany((question, i) => new[]
                        {
                            new FormField { Alias = $"q{i + 1}", Label = question, Type = FormFieldType.SingleChoice, Required = true, Options = ["Yes", "No"] },
                            new FormField { Alias = $"q{i + 1}comment", Label = $"Comment on item {i + 1}", Type = FormFieldType.LongText, MaxLength = 2000 },
                        }),
                    ],
                },
            ],
        };
        var saved = await forms.SaveFormAsync(definition, ct);

        // Two people opening the same checklist at once: the second save finds the alias taken, and the form exists.
        return saved.Succeeded || saved.Status == FormStatus.DuplicateAlias ? alias : null;
    }
}
