using System.Globalization;
using System.Numerics;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using SqmSite.Cms.Forms;
using SqmSite.Cms.Forms.Web;
using SqmSite.Cms.Web;

namespace SqmSite.Cms.Areas.Backoffice.Pages.Forms;

/// <summary>
/// The form editor: pages and fields are added, removed and moved on the server, each button posting the whole
/// editor so nothing typed is lost; nothing is stored until "Save form". Works without script.
/// </summary>
public sealed class EditFormModel(FormService forms) : PageModel
{
    public sealed class FieldInput
    {
        public string Alias { get; set; } = "";
        public string Label { get; set; } = "";
        public FormFieldType Type { get; set; }
        public string? HelpText { get; set; }
        public bool Required { get; set; }
        public string? Pattern { get; set; }
        public string? PatternMessage { get; set; }
        public string? MaxLength { get; set; }
        public string? Min { get; set; }
        public string? Max { get; set; }
        public string? Options { get; set; }
        public string? ConsentText { get; set; }
        public string? Autocomplete { get; set; }
        public string? ConditionField { get; set; }
        public FormConditionAction ConditionAction { get; set; }
        public FormConditionOperator ConditionOperator { get; set; }
        public string? ConditionValue { get; set; }

        /// <summary>Shown unfolded: just added, or has a problem.</summary>
        public bool Open { get; set; }
    }

    public sealed class PageInput
    {
        public string? Title { get; set; }
        public List<FieldInput> Fields { get; set; } = [];
    }

    public sealed class EditorInput
    {
        public string Name { get; set; } = "";
        public string Alias { get; set; } = "";
        public string? Description { get; set; }
        public string? SubmitLabel { get; set; }
        public string? SuccessMessage { get; set; }
        public bool Confidential { get; set; }
        public bool SaveForLater { get; set; }
        public List<PageInput> Pages { get; set; } = [];
    }

    [BindProperty(SupportsGet = true)]
    public int Id { get; set; }

    [BindProperty]
    public EditorInput Input { get; set; } = new();

    [BindProperty]
    public string? Command { get; set; }

    public Guid Key { get; private set; }

    public int EntryCount { get; private set; }

    public Dictionary<string, string> Errors { get; } = new(StringComparer.Ordinal);

    public bool Unsaved { get; private set; }

    /// <summary>The working definition rendered as the public sees it, one model per page.</summary>
    public IReadOnlyList<FormViewModel> Preview { get; private set; } = [];

    public string? Error(string key) => Errors.GetValueOrDefault(key);

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        var stored = await forms.GetStoredFormAsync(Id, ct);
        if (stored is null)
        {
            return NotFound();
        }

        Key = stored.Key;
        Input = FromDefinition(stored.Definition);
        BuildPreview(stored.Definition);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var stored = await forms.GetStoredFormAsync(Id, ct);
        if (stored is null)
        {
            return NotFound();
        }

        Key = stored.Key;
        ModelState.Clear(); // the editor shows Input as posted; messages come from Errors
        var (verb, p, i) = ParseCommand(Command);
        if (verb != "save" && verb != "preview")
        {
            Apply(verb, p, i);
            Unsaved = true;
            return Page();
        }

        var definition = ToDefinition();
        foreach (var (key, message) in definition.Check())
        {
            Errors.TryAdd(key, message);
        }

        if (Errors.Count == 0 && verb == "preview")
        {
            BuildPreview(definition);
            Unsaved = true;
            return Page();
        }

        if (Errors.Count == 0)
        {
            var result = await forms.SaveFormAsync(definition, ct);
            if (result.Succeeded)
            {
                TempData.Notice("The form was saved.");
                return Redirect($"/backoffice/forms/edit/{Id}");
            }

            foreach (var (key, message) in result.Errors)
            {
                Errors.TryAdd(key, message);
            }

            if (result.Errors.Count == 0)
            {
                Errors[""] = result.Message ?? "The form could not be saved.";
            }
        }

        OpenFieldsWithErrors();
        Unsaved = true;
        return Page();
    }

    public async Task<IActionResult> OnPostDeleteAsync(CancellationToken ct)
    {
        var stored = await forms.GetStoredFormAsync(Id, ct);
        if (stored is null)
        {
            return NotFound();
        }

        var result = await forms.DeleteFormAsync(stored.Key, ct);
        if (!result.Succeeded)
        {
            TempData.Alert(result);
            return Redirect($"/backoffice/forms/edit/{Id}");
        }

        TempData.Notice($"The form '{stored.Name}' was deleted.");
        return Redirect("/backoffice/forms");
    }

    private static (string Verb, int Page, int Index) ParseCommand(string? command)
    {
        var parts = (command ?? "save").Split(':');
        var page = parts.Length > 1 && int.TryParse(parts[1], out var p) ? p : -1;
        var index = parts.Length > 2 && int.TryParse(parts[2], out var i) ? i : -1;
        return (parts[0], page, index);
    }

    /// <summary>Adds, removes or moves a page or field. Out-of-range positions (a stale page) change nothing.</summary>
    private void Apply(string verb, int p, int i)
    {
        var pages = Input.Pages;
        var hasPage = p >= 0 && p < pages.Count;
        var hasField = hasPage && i >= 0 && i < pages[p].Fields.Count;
        switch (verb)
        {
            case "addPage":
                pages.Add(new PageInput { Fields = [NewField()] });
                break;
            case "removePage" when hasPage && pages.Count > 1:
                pages.RemoveAt(p);
                break;
            case "pageUp" when hasPage && p > 0:
                (pages[p - 1], pages[p]) = (pages[p], pages[p - 1]);
                break;
            case "pageDown" when hasPage && p < pages.Count - 1:
                (pages[p + 1], pages[p]) = (pages[p], pages[p + 1]);
                break;
            case "addField" when hasPage:
                pages[p].Fields.Add(NewField());
                break;
            case "removeField" when hasField:
                pages[p].Fields.RemoveAt(i);
                break;
            case "fieldUp" when hasField:
                var up = pages[p].Fields[i];
                pages[p].Fields.RemoveAt(i);
                if (i > 0)
                {
                    pages[p].Fields.Insert(i - 1, up);
                }
                else if (p > 0)
                {
                    pages[p - 1].Fields.Add(up); // from the top of a page to the end of the one before
                }
                else
                {
                    pages[p].Fields.Insert(0, up);
                }

                break;
            case "fieldDown" when hasField:
                var down = pages[p].Fields[i];
                pages[p].Fields.RemoveAt(i);
                if (i < pages[p].Fields.Count)
                {
                    pages[p].Fields.Insert(i + 1, down);
                }
                else if (p < pages.Count - 1)
                {
                    pages[p + 1].Fields.Insert(0, down); // from the bottom of a page to the top of the next
                }
                else
                {
                    pages[p].Fields.Add(down);
                }

                break;
        }
    }

    private FieldInput NewField()
    {
        var taken = Input.Pages.SelectMany(pg => pg.Fields).Select(f => f.Alias).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var n = taken.Count + 1;
        while (taken.Contains($"question{n}"))
        {
            n++;
        }

        return new FieldInput { Alias = $"question{n}", Label = $"Question {n}", Open = true };
    }

    private void OpenFieldsWithErrors()
    {
        for (var p = 0; p < Input.Pages.Count; p++)
        {
            for (var i = 0; i < Input.Pages[p].Fields.Count; i++)
            {
                if (Errors.Keys.Any(k => k.StartsWith($"pages[{p}].fields[{i}].", StringComparison.Ordinal)))
                {
                    Input.Pages[p].Fields[i].Open = true;
                }
            }
        }
    }

    private void BuildPreview(FormDefinition definition) =>
        Preview = [.. definition.Pages.Select((_, index) => new FormViewModel { Form = definition, Action = "", Page = index, Preview = true })];

    private FormDefinition ToDefinition()
    {
        var pages = new List<FormPage>();
        for (var p = 0; p < Input.Pages.Count; p++)
        {
            var fields = new List<FormField>();
            for (var i = 0; i < Input.Pages[p].Fields.Count; i++)
            {
                var f = Input.Pages[p].Fields[i];
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
                    MaxLength = ParseNumber<int>(f.MaxLength, at + ".maxLength", $"'{f.Label}': the maximum must be a whole number."),
                    Min = ParseNumber<decimal>(f.Min, at + ".min", $"'{f.Label}': enter a number such as 0 or 12.5."),
                    Max = ParseNumber<decimal>(f.Max, at + ".max", $"'{f.Label}': enter a number such as 0 or 12.5."),
                    Options = (f.Options ?? "").Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n').Select(o => o.Trim()).Where(o => o.Length > 0).ToList(),
                    ConsentText = f.ConsentText,
                    Autocomplete = string.IsNullOrWhiteSpace(f.Autocomplete) ? null : f.Autocomplete.Trim(),
                    Condition = string.IsNullOrWhiteSpace(f.ConditionField) ? null : new FormFieldCondition
                    {
                        Action = f.ConditionAction, Field = f.ConditionField.Trim(), Operator = f.ConditionOperator, Value = f.ConditionValue?.Trim() ?? "",
                    },
                });
            }

            pages.Add(new FormPage { Title = Input.Pages[p].Title, Fields = fields });
        }

        return new FormDefinition
        {
            Key = Key,
            Alias = (Input.Alias ?? "").Trim(),
            Name = Input.Name ?? "",
            Description = string.IsNullOrWhiteSpace(Input.Description) ? null : Input.Description.Trim(),
            SubmitLabel = string.IsNullOrWhiteSpace(Input.SubmitLabel) ? null : Input.SubmitLabel.Trim(),
            SuccessMessage = string.IsNullOrWhiteSpace(Input.SuccessMessage) ? null : Input.SuccessMessage.Trim(),
            Confidential = Input.Confidential,
            SaveForLater = Input.SaveForLater,
            Pages = pages,
        };
    }

    /// <summary>A number typed into a setting; a wrong one is reported next to the field instead of dropped.</summary>
    private T? ParseNumber<T>(string? raw, string key, string message)
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

        Errors[key] = message;
        return null;
    }

    private static EditorInput FromDefinition(FormDefinition d) => new()
    {
        Name = d.Name,
        Alias = d.Alias,
        Description = d.Description,
        SubmitLabel = d.SubmitLabel,
        SuccessMessage = d.SuccessMessage,
        Confidential = d.Confidential,
        SaveForLater = d.SaveForLater,
        Pages = [.. d.Pages.Select(p => new PageInput
        {
            Title = p.Title,
            Fields = [.. p.Fields.Select(f => new FieldInput
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
}
