using System.Globalization;
using System.Text.Json.Serialization;
using System.Text.RegularExpressions;

namespace SqmSite.Cms.Forms;

/// <summary>The kinds of field a form can hold; each decides how input is parsed, validated and stored.</summary>
public enum FormFieldType
{
    ShortText,
    LongText,
    Number,
    Percentage,
    Date,
    SingleChoice,
    MultipleChoice,
    Checkbox,
    DataConsent,
    FileUpload,

    /// <summary>A heading with optional text between fields; holds no value.</summary>
    SectionHeading,
}

/// <summary>Whether a condition shows or hides its field.</summary>
public enum FormConditionAction
{
    Show,
    Hide,
}

/// <summary>How a condition compares the other field's value.</summary>
public enum FormConditionOperator
{
    /// <summary>The other field's value is <see cref="FormFieldCondition.Value"/> (for multiple choice: includes it; for a checkbox: "true" or "false").</summary>
    Is,
    IsNot,
}

/// <summary>Shows or hides a field depending on the value of a field that comes before it.</summary>
public sealed record FormFieldCondition
{
    public FormConditionAction Action { get; init; } = FormConditionAction.Show;

    /// <summary>The alias of the field whose value decides.</summary>
    public required string Field { get; init; }

    public FormConditionOperator Operator { get; init; } = FormConditionOperator.Is;

    public string Value { get; init; } = "";
}

/// <summary>One field of a form.</summary>
public sealed record FormField
{
    /// <summary>The name of the value in an entry; unique within the form.</summary>
    public required string Alias { get; init; }

    public required string Label { get; init; }

    public FormFieldType Type { get; init; }

    public string? HelpText { get; init; }

    public bool Required { get; init; }

    /// <summary>A regular expression the whole value must match (short and long text).</summary>
    public string? Pattern { get; init; }

    /// <summary>What the person is told when the pattern does not match.</summary>
    public string? PatternMessage { get; init; }

    /// <summary>Most characters, counted as a person counts them (text); for file uploads, most bytes.</summary>
    public int? MaxLength { get; init; }

    /// <summary>Smallest and largest number allowed (number fields; percentages are always 0 to 100).</summary>
    public decimal? Min { get; init; }

    public decimal? Max { get; init; }

    /// <summary>The choices of a single or multiple choice field, in order.</summary>
    public IReadOnlyList<string> Options { get; init; } = [];

    /// <summary>What a person agrees to by ticking a data consent field; stored with the entry.</summary>
    public string? ConsentText { get; init; }

    /// <summary>A browser autocomplete hint (name, email, organization, tel); "email" also gives an email keyboard.</summary>
    public string? Autocomplete { get; init; }

    public FormFieldCondition? Condition { get; init; }

    [JsonIgnore]
    public bool HoldsValue => Type != FormFieldType.SectionHeading;

    /// <summary>Required in effect: a data consent must always be given.</summary>
    [JsonIgnore]
    public bool IsRequired => Type == FormFieldType.DataConsent || (Required && HoldsValue);

    [JsonIgnore]
    public bool IsChoice => Type is FormFieldType.SingleChoice or FormFieldType.MultipleChoice;
}

/// <summary>A page of a multi-page form.</summary>
public sealed record FormPage
{
    public string? Title { get; init; }

    public IReadOnlyList<FormField> Fields { get; init; } = [];
}

/// <summary>
/// A form, as data: what the backoffice edits, what <c>uSync/Forms/*.json</c> holds and what packages create through
/// <see cref="FormService"/>. Immutable; change it with <c>with</c> and save it again.
/// </summary>
public sealed partial record FormDefinition
{
    public const int MaxAliasLength = 100;

    /// <summary>Short text without its own limit is capped here, so nobody posts a book into a name field.</summary>
    public const int DefaultShortTextMax = 500;

    /// <summary>Long text without its own limit is capped here.</summary>
    public const int DefaultLongTextMax = 10_000;

    public required Guid Key { get; init; }

    /// <summary>How templates and packages name the form: lower-case letters, digits and hyphens.</summary>
    public required string Alias { get; init; }

    public required string Name { get; init; }

    /// <summary>For editors (shown in the form editor); never to visitors: a section heading field introduces a form.</summary>
    public string? Description { get; init; }

    public string? SubmitLabel { get; init; }

    /// <summary>Shown after a successful submit.</summary>
    public string? SuccessMessage { get; init; }

    /// <summary>Entries hold applicants' data: in the backoffice only administrators see them (editors still edit the questions).</summary>
    public bool Confidential { get; init; }

    /// <summary>Offer "save for later" on a one-page form too (multi-page forms always offer it).</summary>
    public bool SaveForLater { get; init; }

    public IReadOnlyList<FormPage> Pages { get; init; } = [];

    [JsonIgnore]
    public IEnumerable<FormField> AllFields => Pages.SelectMany(p => p.Fields);

    [JsonIgnore]
    public IEnumerable<FormField> ValueFields => AllFields.Where(f => f.HoldsValue);

    public FormField? Field(string alias) => AllFields.FirstOrDefault(f => string.Equals(f.Alias, alias, StringComparison.Ordinal));

    /// <summary>
    /// Checks that the definition can be rendered and validated. Keys of the result say where the problem is
    /// ("alias", "pages[1].fields[0].options"), so an editor can show each next to its field.
    /// </summary>
    public IReadOnlyDictionary<string, string> Check()
    {
        var errors = new Dictionary<string, string>();
        if (string.IsNullOrWhiteSpace(Name))
        {
            errors["name"] = "Give the form a name.";
        }

        if (string.IsNullOrWhiteSpace(Alias) || Alias.Length > MaxAliasLength || !AliasPattern().IsMatch(Alias))
        {
            errors["alias"] = "The alias must be lower-case letters, digits and hyphens, starting with a letter (at most 100).";
        }

        if (Pages.Count == 0)
        {
            errors["pages"] = "A form needs at least one page.";
        }

        var seen = new Dictionary<string, FormField>(StringComparer.OrdinalIgnoreCase);
        for (var p = 0; p < Pages.Count; p++)
        {
            var page = Pages[p];
            if (!page.Fields.Any(f => f.HoldsValue))
            {
                errors[$"pages[{p}]"] = $"Page {p + 1} needs at least one field that takes an answer.";
            }

            for (var i = 0; i < page.Fields.Count; i++)
            {
                var field = page.Fields[i];
                var at = $"pages[{p}].fields[{i}]";
                var name = string.IsNullOrWhiteSpace(field.Label) ? $"Field {i + 1} of page {p + 1}" : $"'{field.Label}'";
                if (string.IsNullOrWhiteSpace(field.Alias) || field.Alias.Length > MaxAliasLength || !FieldAliasPattern().IsMatch(field.Alias))
                {
                    errors[at + ".alias"] = $"{name}: the alias must be letters, digits and underscores, starting with a letter.";
                }
                else if (!seen.TryAdd(field.Alias, field))
                {
                    errors[at + ".alias"] = $"{name}: another field already uses the alias '{field.Alias}'.";
                }

                if (string.IsNullOrWhiteSpace(field.Label))
                {
                    errors[at + ".label"] = $"{name} needs a label.";
                }

                CheckField(field, at, name, seen, errors);
            }
        }

        return errors;
    }

    private static void CheckField(FormField field, string at, string name, Dictionary<string, FormField> earlier, Dictionary<string, string> errors)
    {
        if (field.IsChoice)
        {
            var options = field.Options.Select(o => o.Trim()).ToList();
            if (options.Count == 0 || options.Any(o => o.Length == 0))
            {
                errors[at + ".options"] = $"{name} needs its choices, one per line.";
            }
            else if (options.Distinct(StringComparer.OrdinalIgnoreCase).Count() != options.Count)
            {
                errors[at + ".options"] = $"{name} lists the same choice twice.";
            }
        }

        if (field.Type == FormFieldType.DataConsent && string.IsNullOrWhiteSpace(field.ConsentText))
        {
            errors[at + ".consentText"] = $"{name} needs the text that people agree to.";
        }

        if (field.MaxLength is <= 0)
        {
            errors[at + ".maxLength"] = $"{name}: the maximum must be a positive number.";
        }

        if (field.Min is { } min && field.Max is { } max && min > max)
        {
            errors[at + ".min"] = $"{name}: the smallest number is larger than the largest.";
        }

        if (!string.IsNullOrEmpty(field.Pattern))
        {
            try
            {
                _ = new Regex(field.Pattern, RegexOptions.CultureInvariant, TimeSpan.FromMilliseconds(100));
            }
            catch (ArgumentException)
            {
                errors[at + ".pattern"] = $"{name}: the pattern is not a valid regular expression.";
            }
        }

        if (field.Condition is { } condition)
        {
            // Only fields before this one may decide, so conditions can never go round in a circle.
            if (!earlier.TryGetValue(condition.Field ?? "", out var other) || ReferenceEquals(other, field) || !other.HoldsValue)
            {
                errors[at + ".condition"] = $"{name}: the condition must name a field that comes before it.";
            }
            else if (other.IsChoice && !other.Options.Contains(condition.Value, StringComparer.OrdinalIgnoreCase))
            {
                errors[at + ".condition"] = $"{name}: '{condition.Value}' is not one of the choices of '{other.Label}'.";
            }
        }
    }

    [GeneratedRegex("^[a-z][a-z0-9]*(-[a-z0-9]+)*$", RegexOptions.CultureInvariant)]
    private static partial Regex AliasPattern();

    [GeneratedRegex("^[A-Za-z][A-Za-z0-9_]*$", RegexOptions.CultureInvariant)]
    private static partial Regex FieldAliasPattern();

    internal static string Number(decimal value) => value.ToString("0.############", CultureInfo.InvariantCulture);
}
