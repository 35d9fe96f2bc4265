using System.Globalization;
using System.Numerics;

namespace SqmSite.Cms.Forms;

/// <summary>
/// What the form editor's buttons do, without HTTP: rearranging a <see cref="FormDraft"/> (pages and fields added,
/// removed and moved, each button posting the whole draft so nothing typed is lost) and building the definition that
/// "Save form" and "Preview" use. The page only binds the draft and shows it.
/// </summary>
public static class FormDraftEditor
{
    /// <summary>
    /// Applies an editing command to the draft. A command that cannot apply (an unknown verb, a page or field the draft
    /// does not have, a move past the ends) changes nothing and says why; it never throws.
    /// </summary>
    public static Attempt<FormEditStatus> Apply(FormDraft draft, FormEditCommand command)
    {
        var pages = draft.Pages;
        var (verb, p, i) = command;
        if (verb is not (FormEditCommand.AddPage or FormEditCommand.RemovePage or FormEditCommand.PageUp or FormEditCommand.PageDown
            or FormEditCommand.AddField or FormEditCommand.RemoveField or FormEditCommand.FieldUp or FormEditCommand.FieldDown))
        {
            return Attempt<FormEditStatus>.Fail(FormEditStatus.UnknownVerb, $"The form editor has no command \"{verb}\"; nothing was changed.");
        }

        if (verb == FormEditCommand.AddPage)
        {
            pages.Add(new FormDraftPage { Fields = [NewField(draft)] });
            return Attempt<FormEditStatus>.Ok;
        }

        if (p < 0 || p >= pages.Count)
        {
            return Attempt<FormEditStatus>.Fail(FormEditStatus.NoSuchPage, "That page is not in the form (the editor may be out of date); nothing was changed.");
        }

        switch (verb)
        {
            case FormEditCommand.RemovePage when pages.Count == 1:
                return NotPossible("A form keeps at least one page.");
            case FormEditCommand.RemovePage:
                pages.RemoveAt(p);
                return Attempt<FormEditStatus>.Ok;
            case FormEditCommand.PageUp when p == 0:
                return NotPossible("The first page cannot move up.");
            case FormEditCommand.PageUp:
                (pages[p - 1], pages[p]) = (pages[p], pages[p - 1]);
                return Attempt<FormEditStatus>.Ok;
            case FormEditCommand.PageDown when p == pages.Count - 1:
                return NotPossible("The last page cannot move down.");
            case FormEditCommand.PageDown:
                (pages[p + 1], pages[p]) = (pages[p], pages[p + 1]);
                return Attempt<FormEditStatus>.Ok;
            case FormEditCommand.AddField:
                pages[p].Fields.Add(NewField(draft));
                return Attempt<FormEditStatus>.Ok;
        }

        var fields = pages[p].Fields;
        if (i < 0 || i >= fields.Count)
        {
            return Attempt<FormEditStatus>.Fail(FormEditStatus.NoSuchField, "That field is not on the page (the editor may be out of date); nothing was changed.");
        }

        switch (verb)
        {
            case FormEditCommand.RemoveField:
                fields.RemoveAt(i);
                return Attempt<FormEditStatus>.Ok;
            case FormEditCommand.FieldUp when i == 0 && p == 0:
                return NotPossible("The first field cannot move up.");
            case FormEditCommand.FieldUp:
                var up = fields[i];
                fields.RemoveAt(i);
                if (i > 0)
                {
                    fields.Insert(i - 1, up);
                }
                else
                {
                    pages[p - 1].Fields.Add(up); // from the top of a page to the end of the one before
                }

                return Attempt<FormEditStatus>.Ok;
            case FormEditCommand.FieldDown when i == fields.Count - 1 && p == pages.Count - 1:
                return NotPossible("The last field cannot move down.");
            default: // FieldDown
                var down = fields[i];
                fields.RemoveAt(i);
                if (i < fields.Count)
                {
                    fields.Insert(i + 1, down);
                }
                else
                {
                    pages[p + 1].Fields.Insert(0, down); // from the bottom of a page to the top of the next
                }

                return Attempt<FormEditStatus>.Ok;
        }
    }

    /// <summary>
    /// The definition the draft describes, checked as a save would check it. On failure the errors are keyed as the
    /// definition's own (<c>name</c>, <c>pages[0].fields[1].maxLength</c>), a number that does not read as one among them,
    /// and the definition built so far is the value.
    /// </summary>
    public static Attempt<FormDefinition, FormEditStatus> Build(FormDraft draft, Guid key)
    {
        var errors = new Dictionary<string, string>(StringComparer.Ordinal);
        var pages = new List<FormPage>();
        for (var p = 0; p < draft.Pages.Count; p++)
        {
            var fields = new List<FormField>();
            for (var i = 0; i < draft.Pages[p].Fields.Count; i++)
            {
                var f = draft.Pages[p].Fields[i];
                var at = $"pages[{p}].fields[{i}]";
                fields.Add(new FormField
                {
                    Alias = f.Alias ?? "",
                    Label = f.Label ?? "",
                    Type = f.Type,
                    HelpText = f.HelpText,
                    Required = f.Required,
                    Pattern = f.Pattern,
                    PatternMessage = f.PatternMessage,
                    MaxLength = ParseNumber<int>(f.MaxLength, errors, at + ".maxLength", $"'{f.Label}': the maximum must be a whole number."),
                    Min = ParseNumber<decimal>(f.Min, errors, at + ".min", $"'{f.Label}': enter a number such as 0 or 12.5."),
                    Max = ParseNumber<decimal>(f.Max, errors, at + ".max", $"'{f.Label}': enter a number such as 0 or 12.5."),
                    Options = (f.Options ?? "").Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n').Select(o => o.Trim()).Where(o => o.Length > 0).ToList(),
                    ConsentText = f.ConsentText,
                    Autocomplete = string.IsNullOrWhiteSpace(f.Autocomplete) ? null : f.Autocomplete.Trim(),
                    Condition = string.IsNullOrWhiteSpace(f.ConditionField) ? null : new FormFieldCondition
                    {
                        Action = f.ConditionAction, Field = f.ConditionField.Trim(), Operator = f.ConditionOperator, Value = f.ConditionValue?.Trim() ?? "",
                    },
                });
            }

            pages.Add(new FormPage { Title = draft.Pages[p].Title, Fields = fields });
        }

        var definition = new FormDefinition
        {
            Key = key,
            Alias = (draft.Alias ?? "").Trim(),
            Name = draft.Name ?? "",
            Description = string.IsNullOrWhiteSpace(draft.Description) ? null : draft.Description.Trim(),
            SubmitLabel = string.IsNullOrWhiteSpace(draft.SubmitLabel) ? null : draft.SubmitLabel.Trim(),
            SuccessMessage = string.IsNullOrWhiteSpace(draft.SuccessMessage) ? null : draft.SuccessMessage.Trim(),
            Confidential = draft.Confidential,
            SaveForLater = draft.SaveForLater,
            Pages = pages,
        };
        foreach (var (at, message) in definition.Check())
        {
            errors.TryAdd(at, message);
        }

        return errors.Count == 0
            ? Attempt<FormDefinition, FormEditStatus>.Ok(definition)
            : Attempt<FormDefinition, FormEditStatus>.Fail(FormEditStatus.Invalid, "The form has problems to fix before it can be saved.", errors, definition);
    }

    /// <summary>The draft of a stored definition, as the editor first shows it.</summary>
    public static FormDraft FromDefinition(FormDefinition d) => new()
    {
        Name = d.Name,
        Alias = d.Alias,
        Description = d.Description,
        SubmitLabel = d.SubmitLabel,
        SuccessMessage = d.SuccessMessage,
        Confidential = d.Confidential,
        SaveForLater = d.SaveForLater,
        Pages = [.. d.Pages.Select(p => new FormDraftPage
        {
            Title = p.Title,
            Fields = [.. p.Fields.Select(f => new FormDraftField
            {
                Alias = f.Alias,
                Label = f.Label,
                Type = f.Type,
                HelpText = f.HelpText,
                Required = f.Required,
                Pattern = f.Pattern,
                PatternMessage = f.PatternMessage,
                MaxLength = f.MaxLength?.ToString(CultureInfo.InvariantCulture),
                Min = f.Min is { } min ? FormDefinition.Number(min) : null,
                Max = f.Max is { } max ? FormDefinition.Number(max) : null,
                Options = string.Join('\n', f.Options),
                ConsentText = f.ConsentText,
                Autocomplete = f.Autocomplete,
                ConditionField = f.Condition?.Field,
                ConditionAction = f.Condition?.Action ?? FormConditionAction.Show,
                ConditionOperator = f.Condition?.Operator ?? FormConditionOperator.Is,
                ConditionValue = f.Condition?.Value,
            })],
        })],
    };

    /// <summary>Unfolds every field that one of <paramref name="errorKeys"/> is about, so its problem is in view.</summary>
    public static void OpenFieldsWithErrors(FormDraft draft, IEnumerable<string> errorKeys)
    {
        var keys = errorKeys.ToList();
        for (var p = 0; p < draft.Pages.Count; p++)
        {
            for (var i = 0; i < draft.Pages[p].Fields.Count; i++)
            {
                if (keys.Any(k => k.StartsWith($"pages[{p}].fields[{i}].", StringComparison.Ordinal)))
                {
                    draft.Pages[p].Fields[i].Open = true;
                }
            }
        }
    }

    private static Attempt<FormEditStatus> NotPossible(string message) => Attempt<FormEditStatus>.Fail(FormEditStatus.NotPossible, message + " Nothing was changed.");

    /// <summary>A new, unfolded question with the first free <c>questionN</c> alias.</summary>
    private static FormDraftField NewField(FormDraft draft)
    {
        var taken = draft.Pages.SelectMany(pg => pg.Fields).Select(f => f.Alias).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var n = taken.Count + 1;
        while (taken.Contains($"question{n}"))
        {
            n++;
        }

        return new FormDraftField { Alias = $"question{n}", Label = $"Question {n}", Open = true };
    }

    /// <summary>A number typed into a setting; a wrong one is reported next to the field instead of dropped.</summary>
    private static T? ParseNumber<T>(string? raw, Dictionary<string, string> errors, string key, string message)
        where T : struct, INumber<T>
    {
        if (string.IsNullOrWhiteSpace(raw))
        {
            return null;
        }

        if (T.TryParse(raw.Trim(), NumberStyles.Number, CultureInfo.InvariantCulture, out var value))
        {
            return value;
        }

        errors[key] = message;
        return null;
    }
}
