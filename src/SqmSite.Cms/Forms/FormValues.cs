using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace SqmSite.Cms.Forms;

/// <summary>A file a person posted for a file upload field, before it is checked and stored.</summary>
public sealed record FormUpload(string FileName, long Length, Func<Stream> OpenReadStream);

/// <summary>What a form page posts: strings by field alias (several for multiple choice), and files.</summary>
public sealed record FormInput(IReadOnlyDictionary<string, IReadOnlyList<string>> Values, IReadOnlyDictionary<string, FormUpload>? Files = null)
{
    public static FormInput Empty { get; } = new(new Dictionary<string, IReadOnlyList<string>>());

    /// <summary>Input from single values, the way tests and packages most often have them.</summary>
    public static FormInput From(IEnumerable<KeyValuePair<string, string>> values) =>
        new(values.GroupBy(v => v.Key).ToDictionary(g => g.Key, g => (IReadOnlyList<string>)[.. g.Select(v => v.Value)]));

    public IReadOnlyList<string> Get(string alias) => Values.TryGetValue(alias, out var v) ? v : [];

    public FormUpload? File(string alias) => Files is not null && Files.TryGetValue(alias, out var f) && f.Length > 0 ? f : null;
}

/// <summary>
/// The server-side rules of form values: parsing what a page posted, conditions, completeness, and how values read
/// in the backoffice and exports. The browser's checks are a convenience; these are the ones that count.
/// </summary>
public static partial class FormValues
{
    private static readonly string[] TrueWords = ["true", "on", "yes", "1"];

    /// <summary>Parses one page's input. Fields hidden by their condition are dropped; file fields are left to the file store.</summary>
    /// <param name="values">The entry's values so far; this page's results are written into it.</param>
    /// <param name="enforceRequired">False when saving for later or going back: empty answers are fine, wrong ones are not.</param>
    /// <returns>Errors by field alias, and the file fields that have a new upload to store.</returns>
    internal static (Dictionary<string, string> Errors, List<(FormField Field, FormUpload Upload)> Uploads) ParsePage(
        FormDefinition form, int page, FormInput input, JsonObject values, bool enforceRequired)
    {
        var errors = new Dictionary<string, string>(StringComparer.Ordinal);
        var uploads = new List<(FormField, FormUpload)>();
        foreach (var field in form.Pages[page].Fields.Where(f => f.HoldsValue))
        {
            if (!IsVisible(form, field, values))
            {
                values.Remove(field.Alias);
                continue;
            }

            if (field.Type == FormFieldType.FileUpload)
            {
                if (input.File(field.Alias) is { } upload)
                {
                    uploads.Add((field, upload));
                }
                else if (enforceRequired && field.IsRequired && values[field.Alias] is null)
                {
                    errors[field.Alias] = $"{field.Label} is required: choose a file.";
                }

                continue;
            }

            var (value, error) = Parse(field, input.Get(field.Alias));
            if (error is null && value is null && enforceRequired && field.IsRequired)
            {
                error = field.Type switch
                {
                    FormFieldType.Checkbox => $"{field.Label} must be ticked.",
                    FormFieldType.DataConsent => $"Please tick the box to agree: {field.Label}.",
                    FormFieldType.SingleChoice or FormFieldType.MultipleChoice => $"Choose an answer for \u201C{field.Label}\u201D.",
                    _ => $"{field.Label} is required.",
                };
            }

            if (error is not null)
            {
                errors[field.Alias] = error;
                values.Remove(field.Alias);
            }
            else if (value is null)
            {
                values.Remove(field.Alias);
            }
            else
            {
                values[field.Alias] = value;
            }
        }

        // A value given on this page may hide fields of earlier pages (or this one): those answers no longer count.
        DropHidden(form, values);
        return (errors, uploads);
    }

    /// <summary>Required fields that are visible and still empty, anywhere in the form: (page, alias, message).</summary>
    internal static IReadOnlyList<(int Page, string Alias, string Message)> Missing(FormDefinition form, JsonObject values)
    {
        var missing = new List<(int, string, string)>();
        for (var p = 0; p < form.Pages.Count; p++)
        {
            foreach (var field in form.Pages[p].Fields.Where(f => f.IsRequired))
            {
                if (IsVisible(form, field, values) && values[field.Alias] is null)
                {
                    missing.Add((p, field.Alias, $"{field.Label} is required."));
                }
            }
        }

        return missing;
    }

    /// <summary>Removes the values of fields whose condition hides them (in form order, so chains resolve).</summary>
    internal static void DropHidden(FormDefinition form, JsonObject values)
    {
        foreach (var field in form.ValueFields)
        {
            if (!IsVisible(form, field, values))
            {
                values.Remove(field.Alias);
            }
        }

        // Values of fields the form no longer has are not kept either.
        foreach (var alias in values.Select(v => v.Key).Where(a => form.Field(a) is not { HoldsValue: true }).ToList())
        {
            values.Remove(alias);
        }
    }

    /// <summary>True when the field's condition (if any) lets it show, given the other values.</summary>
    public static bool IsVisible(FormDefinition form, FormField field, JsonObject values)
    {
        if (field.Condition is not { } condition)
        {
            return true;
        }

        var other = form.Field(condition.Field);

        // A field that decides but is itself hidden counts as unanswered.
        var otherValue = other is not null && IsVisible(form, other, values) ? values[condition.Field] : null;
        var matches = otherValue switch
        {
            JsonArray a => a.OfType<JsonValue>().Any(v => string.Equals(v.GetValue<string>(), condition.Value, StringComparison.OrdinalIgnoreCase)),
            JsonValue v when v.TryGetValue<bool>(out var b) => string.Equals(b ? "true" : "false", condition.Value.Trim(), StringComparison.OrdinalIgnoreCase),
            JsonValue v when v.TryGetValue<string>(out var s) => string.Equals(s, condition.Value.Trim(), StringComparison.OrdinalIgnoreCase),
            JsonObject o when o["agreed"] is not null => string.Equals("true", condition.Value.Trim(), StringComparison.OrdinalIgnoreCase),
            _ => string.IsNullOrEmpty(condition.Value) || (other?.Type == FormFieldType.Checkbox && condition.Value.Trim() == "false"),
        };
        if (condition.Operator == FormConditionOperator.IsNot)
        {
            matches = !matches;
        }

        return condition.Action == FormConditionAction.Show ? matches : !matches;
    }

    /// <summary>Parses one field's raw strings. Returns the value to store (null when empty) or a message for the person.</summary>
    public static (JsonNode? Value, string? Error) Parse(FormField field, IReadOnlyList<string> raw)
    {
        var texts = raw.Select(r => r.Replace("\r\n", "\n", StringComparison.Ordinal).Trim()).Where(r => r.Length > 0).ToList();
        if (field.Type == FormFieldType.MultipleChoice)
        {
            return ParseChoices(field, texts);
        }

        if (texts.Count > 1 && field.Type is not (FormFieldType.Checkbox or FormFieldType.DataConsent))
        {
            return (null, $"{field.Label} takes one answer.");
        }

        if (texts.Count == 0)
        {
            return (null, null);
        }

        var text = texts[0];
        switch (field.Type)
        {
            case FormFieldType.ShortText:
                return text.Contains('\n')
                    ? (null, $"{field.Label} must be a single line.")
                    : CheckText(field, text, field.MaxLength ?? FormDefinition.DefaultShortTextMax);
            case FormFieldType.LongText:
                return CheckText(field, text, field.MaxLength ?? FormDefinition.DefaultLongTextMax);
            case FormFieldType.Number:
            case FormFieldType.Percentage:
                return ParseNumber(field, text);
            case FormFieldType.Date:
                return DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)
                    ? (JsonValue.Create(date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)), null)
                    : (null, $"{field.Label} must be a date such as 2027-09-30.");
            case FormFieldType.SingleChoice:
                return field.Options.FirstOrDefault(o => string.Equals(o.Trim(), text, StringComparison.OrdinalIgnoreCase)) is { } option
                    ? (JsonValue.Create(option.Trim()), null)
                    : (null, $"Choose one of the listed answers for \u201C{field.Label}\u201D.");
            case FormFieldType.Checkbox:
            case FormFieldType.DataConsent:
                // A checkbox posts its value plus a hidden "false" so that an unticked box is an answer too.
                var ticked = texts.Any(t => TrueWords.Contains(t, StringComparer.OrdinalIgnoreCase));
                if (!ticked && texts.Any(t => !string.Equals(t, "false", StringComparison.OrdinalIgnoreCase) && !string.Equals(t, "off", StringComparison.OrdinalIgnoreCase)))
                {
                    return (null, $"{field.Label} must be ticked or not.");
                }

                if (field.Type == FormFieldType.DataConsent)
                {
                    return ticked ? (new JsonObject { ["agreed"] = true, ["text"] = field.ConsentText }, null) : (null, null);
                }

                // An unticked optional box is stored as false; an unticked required one is no answer yet.
                return ticked ? (JsonValue.Create(true), null) : (field.IsRequired ? null : JsonValue.Create(false), null);
            default:
                return (null, null);
        }
    }

    private static (JsonNode?, string?) ParseChoices(FormField field, List<string> texts)
    {
        var picked = new List<string>();
        foreach (var text in texts)
        {
            var option = field.Options.FirstOrDefault(o => string.Equals(o.Trim(), text, StringComparison.OrdinalIgnoreCase));
            if (option is null)
            {
                return (null, $"Choose only from the listed answers for \u201C{field.Label}\u201D.");
            }

            if (!picked.Contains(option.Trim()))
            {
                picked.Add(option.Trim());
            }
        }

        // Stored in the form's order, whatever order the browser sent them in.
        var ordered = field.Options.Select(o => o.Trim()).Where(picked.Contains).ToList();
        return ordered.Count == 0 ? (null, null) : (new JsonArray([.. ordered.Select(o => (JsonNode)JsonValue.Create(o))]), null);
    }

    private static (JsonNode?, string?) ParseNumber(FormField field, string text)
    {
        var percentage = field.Type == FormFieldType.Percentage;
        var cleaned = percentage ? text.TrimEnd('%').Trim() : text;
        if (!decimal.TryParse(cleaned, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var number))
        {
            return (null, percentage
                ? $"{field.Label} must be a percentage from 0 to 100, such as 85 or 92.5."
                : $"{field.Label} must be a number, such as 42 or 3.5.");
        }

        var min = percentage ? Math.Max(0, field.Min ?? 0) : field.Min;
        var max = percentage ? Math.Min(100, field.Max ?? 100) : field.Max;
        if ((min is { } lo && number < lo) || (max is { } hi && number > hi))
        {
            var range = (min, max) switch
            {
                ({ } a, { } b) => $"from {FormDefinition.Number(a)} to {FormDefinition.Number(b)}",
                ({ } a, null) => $"at least {FormDefinition.Number(a)}",
                (null, { } b) => $"at most {FormDefinition.Number(b)}",
                _ => "",
            };
            return (null, $"{field.Label} must be {range}.");
        }

        return (JsonValue.Create(FormDefinition.Number(number)), null);
    }

    private static (JsonNode?, string?) CheckText(FormField field, string text, int max)
    {
        // Counted as a person counts: an emoji or an accented letter is one character, whatever its UTF-16 length.
        var length = new StringInfo(text).LengthInTextElements;
        if (length > max)
        {
            return (null, $"{field.Label} may have at most {max:N0} characters; it has {length:N0}.");
        }

        if (!string.IsNullOrEmpty(field.Pattern))
        {
            bool matches;
            try
            {
                matches = Regex.IsMatch(text, "^(?:" + field.Pattern + ")$", RegexOptions.CultureInvariant, TimeSpan.FromMilliseconds(100));
            }
            catch (RegexMatchTimeoutException)
            {
                matches = false;
            }

            if (!matches)
            {
                return (null, string.IsNullOrWhiteSpace(field.PatternMessage) ? $"{field.Label} is not in the expected form." : field.PatternMessage);
            }
        }

        return (JsonValue.Create(text), null);
    }

    /// <summary>A value as a person reads it (backoffice, exports): lists joined with "; ", Yes/No, file names.</summary>
    public static string Display(JsonNode? value) => value switch
    {
        null => "",
        JsonArray a => string.Join("; ", a.OfType<JsonValue>().Select(v => v.ToString())),
        JsonValue v when v.TryGetValue<bool>(out var b) => b ? "Yes" : "No",
        JsonValue v when v.TryGetValue<string>(out var s) => s,
        JsonObject o when o["fileName"] is JsonValue f => f.GetValue<string>(),
        JsonObject o when o["agreed"] is JsonValue agreed => agreed.GetValue<bool>() ? "Agreed" : "",
        _ => value.ToJsonString(),
    };

    /// <summary>The ids of the stored files the values point at (file upload values are objects with an "id").</summary>
    internal static IEnumerable<string> FileIds(JsonObject values) =>
        values.Select(v => v.Value is JsonObject o && o["id"] is JsonValue id && id.TryGetValue<string>(out var s) ? s : null).OfType<string>();

    internal static string SearchText(JsonObject values)
    {
        var text = new StringBuilder();
        foreach (var (_, value) in values)
        {
            var shown = value is JsonObject o && o["agreed"] is not null ? "" : Display(value);
            if (shown.Length > 0)
            {
                text.Append(shown.ToLowerInvariant()).Append('\n');
            }
        }

        return text.ToString();
    }
}
