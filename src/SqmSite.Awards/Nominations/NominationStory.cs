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

/// <summary>One rating of the story's ratings table.</summary>
public sealed record RatingRow(RatingMetric Metric, int Year, decimal? Value, int? SampleSize, string? Method, MeasuredBy? MeasuredBy);

/// <summary>What the nominee sends when saving or submitting the story.</summary>
public sealed record StoryDraft(string? Text, string? People, string? Process, string? Technology, IReadOnlyList<RatingRow> Ratings)
{
    public const int TextMaxLength = 50_000;
    public const int PracticeMaxLength = 5_000;

    /// <summary>The required rows: FCR and Csat for each of the cycle's two ratings years.</summary>
    public static IEnumerable<(RatingMetric Metric, int Year)> RequiredRatings(AwardCycle cycle) =>
        from metric in new[] { RatingMetric.Fcr, RatingMetric.Csat }
        from year in cycle.RatingsYears
        select (metric, year);

    /// <summary>Errors by field. A draft may be incomplete but never invalid; a submission must be complete.</summary>
    public Dictionary<string, string> Check(AwardCycle cycle, bool complete)
    {
        var errors = new Dictionary<string, string>();
        var length = TextLength.Of(Text ?? "");
        if (length > TextMaxLength)
        {
            errors["Text"] = $"The story may have at most {TextMaxLength:N0} characters; it has {length:N0}.";
        }
        else if (complete && string.IsNullOrWhiteSpace(Text))
        {
            errors["Text"] = "Write the nomination story.";
        }

        foreach (var (field, value) in new[] { ("People", People), ("Process", Process), ("Technology", Technology) })
        {
            if (TextLength.Of(value ?? "") > PracticeMaxLength)
            {
                errors[field] = $"{field} may have at most {PracticeMaxLength:N0} characters.";
            }
        }

        if (complete && string.IsNullOrWhiteSpace(People) && string.IsNullOrWhiteSpace(Process) && string.IsNullOrWhiteSpace(Technology))
        {
            errors["Practices"] = "Describe at least one of the practices used: people, process or technology.";
        }

        var seen = new HashSet<(RatingMetric, int)>();
        foreach (var row in Ratings)
        {
            var key = RatingKey(row.Metric, row.Year);
            if (!seen.Add((row.Metric, row.Year)))
            {
                errors[key] = $"{Label(row.Metric)} {row.Year} appears twice.";
                continue;
            }

            if (row.Year < cycle.FirstRatingsYear - 5 || row.Year > cycle.Year)
            {
                errors[key] = $"{row.Year} is not a year this cycle's ratings can be from.";
            }
            else if (row.SampleSize is <= 0)
            {
                errors[key] = $"The sample size of {Label(row.Metric)} {row.Year} must be more than zero.";
            }
            else if (row.Metric == RatingMetric.Csat && row.MeasuredBy == MeasuredBy.Organization)
            {
                errors[key] = $"Csat must be measured by the customer ({row.Year}).";
            }
            else if (row.Value is { } v && IsPercentage(row.Metric) && (v < 0 || v > 100))
            {
                errors[key] = $"{Label(row.Metric)} {row.Year} is a percentage between 0 and 100.";
            }
            else if (row.Value is { } nps && row.Metric == RatingMetric.Nps && (nps < -100 || nps > 100))
            {
                errors[key] = $"NPS {row.Year} lies between -100 and 100.";
            }
            else if ((row.Method?.Length ?? 0) > 500)
            {
                errors[key] = $"The method of {Label(row.Metric)} {row.Year} may have at most 500 characters.";
            }
            else if (complete && row.Value is not null && (row.SampleSize is null || string.IsNullOrWhiteSpace(row.Method) || row.MeasuredBy is null))
            {
                errors[key] = $"{Label(row.Metric)} {row.Year} needs its sample size, method of measurement and who measured it.";
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
        Ratings = [.. draft.Ratings.Where(r => r.Value is not null || r.SampleSize is not null || !string.IsNullOrWhiteSpace(r.Method))];
        LastSavedUtc = utcNow;
    }

    internal void MarkSubmitted(DateTime utcNow) => SubmittedUtc = utcNow;

    public StoryDraft ToDraft() => new(Text, People, Process, Technology, Ratings);
}
