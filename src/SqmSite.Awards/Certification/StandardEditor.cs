using System.Globalization;
using System.Text;
using SqmSite.Awards.Nominations;

namespace SqmSite.Awards.Certification;

/// <summary>A criterion row as staff typed it on the standard's page: every value as text, so a typo gets a message instead of a zero.</summary>
public sealed class CriterionDraft
{
    public string? Key { get; set; }

    public string? Text { get; set; }

    public string? Weight { get; set; }

    public string? Recommendation { get; set; }

    public bool Remove { get; set; }

    public bool IsEmpty => TextLength.IsBlank(Key) && TextLength.IsBlank(Text) && TextLength.IsBlank(Weight) && TextLength.IsBlank(Recommendation);

    public static CriterionDraft From(StandardCriterion c) => new()
    {
        Key = c.Key,
        Text = c.Text,
        Weight = c.Weight.ToString("0.##", CultureInfo.InvariantCulture),
        Recommendation = c.Recommendation,
    };
}

/// <summary>
/// Reads an edited onsite checklist (a new version of an area's standard) and checks it: at least one criterion, whole
/// weights from 1 to 100 that add up to 100, a text and a recommendation of bounded length, keys that are unique and
/// fit a form field's name (made from the text when left blank). Errors are keyed by the row as posted
/// ("Criteria[2].Weight"), so each goes beside its field even when other rows were left empty or removed.
/// </summary>
public static class StandardEditor
{
    public const int MaxCriteria = 20;

    public const int TextMaxLength = 300;

    public const int RecommendationMaxLength = 1000;

    public const int KeyMaxLength = 40;

    /// <summary>The field the weights' total is reported on.</summary>
    public const string TotalField = "Weights";

    public static (IReadOnlyList<StandardCriterion> Criteria, Dictionary<string, string> Errors) Read(IReadOnlyList<CriterionDraft> rows)
    {
        var errors = new Dictionary<string, string>();
        var kept = rows.Select((row, index) => (Row: row, Index: index)).Where(r => !r.Row.Remove && !r.Row.IsEmpty).ToList();
        if (kept.Count == 0)
        {
            errors[""] = "The standard needs at least one criterion: fill in a row.";
            return ([], errors);
        }

        if (kept.Count > MaxCriteria)
        {
            errors[""] = $"A standard has at most {MaxCriteria} criteria; it has {kept.Count}.";
            return ([], errors);
        }

        var read = new List<(int Index, string? Key, string Text, int Weight, string Recommendation)>();
        foreach (var (row, i) in kept)
        {
            var field = $"Criteria[{i}].";
            var text = TextLength.Check(row.Text, "The criterion", TextMaxLength, "Say what the consultant checks.");
            if (!text.IsValid)
            {
                errors[field + "Text"] = text.Error!;
            }

            var name = text.Value is { } t ? $"\"{Shorten(t)}\"" : "the criterion";
            var recommendation = TextLength.Check(row.Recommendation, "The recommendation", RecommendationMaxLength,
                $"Give the recommendation for {name}: what to do when it scores under the pass mark.");
            if (!recommendation.IsValid)
            {
                errors[field + "Recommendation"] = recommendation.Error!;
            }

            var weightText = row.Weight?.Trim();
            if (!int.TryParse(weightText, NumberStyles.None, CultureInfo.InvariantCulture, out var weight) || weight is < 1 or > 100)
            {
                errors[field + "Weight"] = $"Give the weight of {name} as a whole number from 1 to 100.";
            }

            string? key = null;
            if (!TextLength.IsBlank(row.Key))
            {
                key = row.Key!.Trim().ToLowerInvariant();
                if (!IsKey(key))
                {
                    errors[field + "Key"] = $"A key has 1 to {KeyMaxLength} letters a to z, digits and hyphens, and starts with a letter; or leave it blank to make one from the text.";
                    key = null;
                }
            }

            read.Add((i, key, text.Value ?? "", weight, recommendation.Value ?? ""));
        }

        foreach (var repeated in read.Where(r => r.Key is not null).GroupBy(r => r.Key).Where(g => g.Count() > 1))
        {
            foreach (var r in repeated.Skip(1))
            {
                errors[$"Criteria[{r.Index}].Key"] = $"Another criterion has the key \"{r.Key}\": each key is used once.";
            }
        }

        if (read.All(r => !errors.ContainsKey($"Criteria[{r.Index}].Weight")) && read.Sum(r => r.Weight) is var total and not 100)
        {
            errors[TotalField] = $"The weights add up to {total}; they must add up to 100.";
        }

        if (errors.Count > 0)
        {
            return ([], errors);
        }

        var used = read.Where(r => r.Key is not null).Select(r => r.Key!).ToHashSet(StringComparer.Ordinal);
        var criteria = read.Select(r => new StandardCriterion(r.Key ?? NewKey(r.Text, used), r.Text, r.Weight, r.Recommendation)).ToList();
        return (criteria, errors);
    }

    private static bool IsKey(string key) =>
        key.Length is > 0 and <= KeyMaxLength && key[0] is >= 'a' and <= 'z' && key.All(c => c is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '-');

    /// <summary>"frontline-employees-are" from the text's first words, made unique among <paramref name="used"/> (which it joins).</summary>
    private static string NewKey(string text, HashSet<string> used)
    {
        var words = new List<string>();
        foreach (var word in text.Normalize(NormalizationForm.FormD).ToLowerInvariant().Split([' ', '-', '\n', '\t'], StringSplitOptions.RemoveEmptyEntries))
        {
            var letters = new string([.. word.Where(c => c is (>= 'a' and <= 'z') or (>= '0' and <= '9'))]);
            if (letters.Length > 0)
            {
                words.Add(letters);
            }

            if (words.Count == 3)
            {
                break;
            }
        }

        var stem = string.Join('-', words);
        stem = stem.Length == 0 || stem[0] is < 'a' or > 'z' ? ("criterion-" + stem).TrimEnd('-') : stem;
        stem = stem[..Math.Min(stem.Length, KeyMaxLength - 4)].TrimEnd('-');
        var key = stem;
        for (var n = 2; !used.Add(key); n++)
        {
            key = $"{stem}-{n}";
        }

        return key;
    }

    private static string Shorten(string text) =>
        text.Length <= 40 ? text : text[..(char.IsHighSurrogate(text[39]) ? 39 : 40)].TrimEnd() + "…";
}
