using System.Globalization;
using SqmSite.Awards.Cycles;

namespace SqmSite.Awards.Nominations;

/// <summary>The measures a story may report. FCR and Csat are required for both ratings years.</summary>
public enum RatingMetric
{
    Fcr,
    Csat,
    Esat,
    Nps,
    ContactResolution,
    Retention,
    OperationalSavings,
    Revenue,
}

/// <summary>Who measured a rating. Csat must come from the customer.</summary>
public enum MeasuredBy
{
    Customer,
    Organization,
}

/// <summary>
/// One rating of the story's ratings table. A draft keeps what was typed: text that is not a number (or a choice that
/// is not one of the list) is kept in the matching <c>...Entered</c> field, so the nominee finds it again and the
/// rules can name it, instead of it being dropped or coerced.
/// </summary>
public sealed record RatingRow(RatingMetric Metric, int Year, decimal? Value, int? SampleSize, string? Method, MeasuredBy? MeasuredBy,
    string? ValueEntered = null, string? SampleSizeEntered = null, string? MeasuredByEntered = null)
{
    /// <summary>The longest text kept for a value, sample size or choice that could not be read.</summary>
    public const int EnteredMaxLength = 100;

    public bool IsEmpty => Value is null && SampleSize is null && string.IsNullOrWhiteSpace(Method) && MeasuredBy is null
        && ValueEntered is null && SampleSizeEntered is null && MeasuredByEntered is null;

    /// <summary>The value as the nominee typed it (or as it was read).</summary>
    public string ValueText => ValueEntered ?? Value?.ToString(CultureInfo.InvariantCulture) ?? "";

    public string SampleSizeText => SampleSizeEntered ?? SampleSize?.ToString(CultureInfo.InvariantCulture) ?? "";

    /// <summary>
    /// Reads one row as the form posts it. Numbers are read as people write them ("84.5", "84%", "1,200"); anything else
    /// is kept as typed and reported by <see cref="StoryDraft.Check"/>.
    /// </summary>
    public static RatingRow Read(RatingMetric metric, int year, string? value, string? sampleSize, string? method, string? measuredBy)
    {
        value = Clean(value);
        sampleSize = Clean(sampleSize);
        measuredBy = Clean(measuredBy);
        decimal? readValue = null;
        int? readSample = null;
        MeasuredBy? readBy = null;
        if (value is not null && decimal.TryParse(value.TrimEnd('%').TrimEnd(), NumberStyles.Number, CultureInfo.InvariantCulture, out var v))
        {
            (readValue, value) = (v, null);
        }

        if (sampleSize is not null && int.TryParse(sampleSize, NumberStyles.Integer | NumberStyles.AllowThousands, CultureInfo.InvariantCulture, out var n))
        {
            (readSample, sampleSize) = (n, null);
        }

        if (measuredBy is not null && Enum.GetNames<MeasuredBy>().FirstOrDefault(x => string.Equals(x, measuredBy, StringComparison.OrdinalIgnoreCase)) is { } by)
        {
            (readBy, measuredBy) = (Enum.Parse<MeasuredBy>(by), null);
        }

        return new(metric, year, readValue, readSample, string.IsNullOrWhiteSpace(method) ? null : method.Trim(), readBy, value, sampleSize, measuredBy);
    }

    /// <summary>
    /// A metric named as the form names it. Numbers ("999") and unknown names are not metrics: an enum parse would
    /// accept them, and an unknown row must never be stored as FCR.
    /// </summary>
    public static RatingMetric? ReadMetric(string? text) =>
        Enum.GetNames<RatingMetric>().FirstOrDefault(x => string.Equals(x, text?.Trim(), StringComparison.OrdinalIgnoreCase)) is { } name
            ? Enum.Parse<RatingMetric>(name)
            : null;

    private static string? Clean(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();
}

/// <summary>What the nominee sends when saving or submitting the story.</summary>
public sealed record StoryDraft(string? Text, string? People, string? Process, string? Technology, IReadOnlyList<RatingRow> Ratings)
{
    public const int TextMaxLength = 50_000;
    public const int PracticeMaxLength = 5_000;
    public const int MethodMaxLength = 500;

    /// <summary>The required rows: FCR and Csat for each of the cycle's two ratings years.</summary>
    public static IEnumerable<(RatingMetric Metric, int Year)> RequiredRatings(AwardCycle cycle) =>
        from metric in new[] { RatingMetric.Fcr, RatingMetric.Csat }
        from year in cycle.RatingsYears
        select (metric, year);

    /// <summary>
    /// What stops even a draft from being kept: rows the form never posts (a repeated row, a year outside the cycle's
    /// range) and text far beyond every limit (twice the limit: a draft may run over while the nominee edits it down,
    /// but the server keeps a bound on what it stores).
    /// </summary>
    public Dictionary<string, string> CheckStorable(AwardCycle cycle, int textMaxLength = TextMaxLength)
    {
        var errors = new Dictionary<string, string>();
        if (TextLength.Of(Text ?? "") > 2 * textMaxLength)
        {
            errors["Text"] = $"The story is far over {textMaxLength:N0} characters and cannot be kept as a draft; shorten it first.";
        }

        foreach (var (field, value) in new[] { ("People", People), ("Process", Process), ("Technology", Technology) })
        {
            if (TextLength.Of(value ?? "") > 2 * PracticeMaxLength)
            {
                errors[field] = $"{field} is far over {PracticeMaxLength:N0} characters and cannot be kept as a draft; shorten it first.";
            }
        }

        var seen = new HashSet<(RatingMetric, int)>();
        foreach (var row in Ratings)
        {
            var key = RatingKey(row.Metric, row.Year);
            var label = $"{Label(row.Metric)} {row.Year}";
            if (!seen.Add((row.Metric, row.Year)))
            {
                errors[key] = $"{label} appears twice.";
            }
            else if (row.Year < cycle.FirstRatingsYear - 5 || row.Year > cycle.Year)
            {
                errors[key] = $"{row.Year} is not a year this cycle's ratings can be from.";
            }
            else if (TextLength.Of(row.Method ?? "") > 2 * MethodMaxLength
                || new[] { row.ValueEntered, row.SampleSizeEntered, row.MeasuredByEntered }.Any(e => (e?.Length ?? 0) > RatingRow.EnteredMaxLength))
            {
                errors[key] = $"{label}: an entry is too long to keep; shorten it first.";
            }
        }

        return errors;
    }

    /// <summary>
    /// The rules, by field: what must be right before the story is submitted. A draft is saved whatever this says
    /// (see <see cref="CheckStorable"/>), and the page shows these messages beside the fields while the nominee edits;
    /// <paramref name="complete"/> adds what a submission must contain. Every problem of a row is named, in one message.
    /// The story's length limit is the category kind's (<see cref="CategoryKindRules.StoryMaxLength"/>).
    /// </summary>
    public Dictionary<string, string> Check(AwardCycle cycle, bool complete, int textMaxLength = TextMaxLength)
    {
        var errors = CheckStorable(cycle, textMaxLength);
        var length = TextLength.Of(Text ?? "");
        if (errors.ContainsKey("Text"))
        {
            // Already refused as too long to store.
        }
        else if (length > textMaxLength)
        {
            errors["Text"] = $"The story may have at most {textMaxLength:N0} characters; it has {length:N0}.";
        }
        else if (complete && string.IsNullOrWhiteSpace(Text))
        {
            errors["Text"] = "Write the nomination story.";
        }

        foreach (var (field, value) in new[] { ("People", People), ("Process", Process), ("Technology", Technology) })
        {
            if (!errors.ContainsKey(field) && TextLength.Of(value ?? "") > PracticeMaxLength)
            {
                errors[field] = $"{field} may have at most {PracticeMaxLength:N0} characters.";
            }
        }

        if (complete && string.IsNullOrWhiteSpace(People) && string.IsNullOrWhiteSpace(Process) && string.IsNullOrWhiteSpace(Technology))
        {
            errors["Practices"] = "Describe at least one of the practices used: people, process or technology.";
        }

        foreach (var row in Ratings)
        {
            var key = RatingKey(row.Metric, row.Year);
            if (errors.ContainsKey(key))
            {
                continue;
            }

            var label = $"{Label(row.Metric)} {row.Year}";
            var problems = new List<string>();
            if (row.ValueEntered is not null)
            {
                problems.Add(row.Metric is RatingMetric.OperationalSavings or RatingMetric.Revenue
                    ? $"{label} value: enter a number, such as 250000."
                    : $"{label} value: enter a number, such as 84.5.");
            }
            else if (row.Value is { } v && IsPercentage(row.Metric) && (v < 0 || v > 100))
            {
                problems.Add($"{label} is a percentage between 0 and 100.");
            }
            else if (row.Value is { } nps && row.Metric == RatingMetric.Nps && (nps < -100 || nps > 100))
            {
                problems.Add($"NPS {row.Year} lies between -100 and 100.");
            }

            if (row.SampleSizeEntered is not null)
            {
                problems.Add($"{label} sample size: enter a whole number, such as 400.");
            }
            else if (row.SampleSize is <= 0)
            {
                problems.Add($"The sample size of {label} must be more than zero.");
            }

            if (TextLength.Of(row.Method ?? "") > MethodMaxLength)
            {
                problems.Add($"The method of {label} may have at most {MethodMaxLength} characters.");
            }

            if (row.MeasuredByEntered is not null)
            {
                problems.Add($"{label} measured by: choose Customer or Organization.");
            }
            else if (row.Metric == RatingMetric.Csat && row.MeasuredBy == MeasuredBy.Organization)
            {
                problems.Add($"Csat must be measured by the customer ({row.Year}).");
            }

            if (problems.Count == 0 && complete && row.Value is not null && (row.SampleSize is null || string.IsNullOrWhiteSpace(row.Method) || row.MeasuredBy is null))
            {
                problems.Add($"{label} needs its sample size, method of measurement and who measured it.");
            }

            if (problems.Count == 0 && complete && row.Value is null && !row.IsEmpty)
            {
                problems.Add($"{label} needs its value, or leave the row empty.");
            }

            if (problems.Count > 0)
            {
                errors[key] = string.Join(" ", problems);
            }
        }

        if (complete)
        {
            foreach (var (metric, year) in RequiredRatings(cycle))
            {
                var key = RatingKey(metric, year);
                if (!errors.ContainsKey(key) && !Ratings.Any(r => r.Metric == metric && r.Year == year && r.Value is not null))
                {
                    errors[key] = $"{Label(metric)} for {year} is required, with its sample size and method of measurement.";
                }
            }
        }

        return errors;
    }

    public static string RatingKey(RatingMetric metric, int year) => $"Rating-{metric}-{year}";

    public static bool IsPercentage(RatingMetric metric) =>
        metric is RatingMetric.Fcr or RatingMetric.Csat or RatingMetric.Esat or RatingMetric.ContactResolution or RatingMetric.Retention;

    public static string Label(RatingMetric metric) => metric switch
    {
        RatingMetric.Fcr => "FCR",
        RatingMetric.Csat => "Csat",
        RatingMetric.Esat => "Esat",
        RatingMetric.Nps => "NPS",
        RatingMetric.ContactResolution => "Contact resolution",
        RatingMetric.Retention => "Retention",
        RatingMetric.OperationalSavings => "Operational savings",
        RatingMetric.Revenue => "Revenue",
        _ => metric.ToString(),
    };
}

/// <summary>The nomination story as saved: draft until submitted, then read-only to the nominee.</summary>
public sealed class NominationStory
{
    public string Text { get; private set; } = "";

    public string People { get; private set; } = "";

    public string Process { get; private set; } = "";

    public string Technology { get; private set; } = "";

    public IReadOnlyList<RatingRow> Ratings { get; private set; } = [];

    public DateTime? LastSavedUtc { get; private set; }

    public DateTime? SubmittedUtc { get; private set; }

    internal void Apply(StoryDraft draft, DateTime utcNow)
    {
        Text = draft.Text?.Trim() ?? "";
        People = draft.People?.Trim() ?? "";
        Process = draft.Process?.Trim() ?? "";
        Technology = draft.Technology?.Trim() ?? "";
        // Every row with anything typed in it is kept, as typed: a draft never drops what the nominee entered.
        Ratings = [.. draft.Ratings.Where(r => !r.IsEmpty)];
        LastSavedUtc = utcNow;
    }

    internal void MarkSubmitted(DateTime utcNow) => SubmittedUtc = utcNow;

    public StoryDraft ToDraft() => new(Text, People, Process, Technology, Ratings);
}
