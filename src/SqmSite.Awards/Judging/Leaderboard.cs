namespace SqmSite.Awards.Judging;

/// <summary>A criterion of the score set: judges score it 0..<paramref name="Maximum"/>; it counts by its weight.</summary>
public sealed record Criterion(Guid Key, string Name, string Guidance, decimal Weight, int Maximum, bool CommentRequired);

/// <summary>
/// One submitted score sheet. <paramref name="Excluded"/>: its judge declared a conflict, so it is counted as a recusal
/// and in no measure. <paramref name="Scores"/>: criterion key to a score 0..Maximum.
/// </summary>
public sealed record SheetInput(int NominationId, int JudgeId, IReadOnlyDictionary<Guid, int> Scores, bool Excluded);

/// <summary>
/// One entry's results, each measure over its counted sheets (null when it has none). Totals and the three means are
/// percentages (0..100); <paramref name="Normalised"/> is a mean z-score (0 is a judge's own average);
/// <paramref name="Spread"/> is the sample standard deviation of the totals, in percentage points.
/// </summary>
/// <param name="CriterionMeans">Mean raw score per criterion key, for the entrant's feedback; empty without sheets.</param>
public sealed record LeaderboardRow(int NominationId, int Sheets, int Recusals, double? WeightedMean, double? Median, double? TrimmedMean,
    double? Normalised, double? Spread, bool Disagreement, IReadOnlyDictionary<Guid, double> CriterionMeans);

/// <summary>
/// The rows, best weighted mean first, and the top entry by each measure (keys are the <c>...Measure</c> constants of
/// <see cref="Leaderboard"/>, in the order the page shows them). <see cref="TopDiffers"/> is the page's cue to say that
/// the measures disagree on the winner.
/// </summary>
public sealed record LeaderboardResult(IReadOnlyList<LeaderboardRow> Rows, IReadOnlyDictionary<string, int?> TopBy, bool TopDiffers);

/// <summary>
/// The category leaderboard staff and the lead judge decide the winner from: four measures side by side, because each
/// answers a different worry. The weighted mean uses every score; the median and the trimmed mean resist one
/// outlying judge; the normalised score puts a harsh and a lenient judge on the same footing. Pure and deterministic.
/// </summary>
public static class Leaderboard
{
    /// <summary>A spread of this many percentage points or more flags the judges as disagreeing on an entry.</summary>
    public const double DisagreementSpread = 15;

    public const string WeightedMeanMeasure = "Weighted mean";
    public const string MedianMeasure = "Median";
    public const string TrimmedMeanMeasure = "Trimmed mean";
    public const string NormalisedMeasure = "Normalised";

    /// <summary>
    /// Below this a standard deviation is rounding, not difference: a judge who gave the same total everywhere has no
    /// spread to normalise by, and dividing by a rounding error would turn equal totals into z-scores of ±1.
    /// </summary>
    private const double NoSpread = 1e-9;

    /// <summary>
    /// Measures are compared rounded to this many decimals: two entries whose means are equal on paper (73 and 73), or a
    /// spread of exactly 15, can differ in the last bit of a double; they must rank by id, not flag a differing top, and
    /// flag the disagreement the same way whatever the weights' scale.
    /// </summary>
    private const int Decimals = 9;

    /// <summary>
    /// A sheet's total as a percentage: Σ(score / Maximum × Weight) / ΣWeight × 100. Criteria with no positive weight
    /// or maximum do not count; a missing score counts as 0; a score outside 0..Maximum (the score sheet refuses those)
    /// is clamped so that one bad row cannot push a total past 100. Null when no criterion counts.
    /// </summary>
    public static double? Total(IReadOnlyList<Criterion> criteria, IReadOnlyDictionary<Guid, int> scores)
    {
        ArgumentNullException.ThrowIfNull(criteria);
        ArgumentNullException.ThrowIfNull(scores);
        double sum = 0, weights = 0;
        foreach (var criterion in criteria.Where(Counts))
        {
            var weight = (double)criterion.Weight;
            sum += Score(criterion, scores) / (double)criterion.Maximum * weight;
            weights += weight;
        }

        return weights > 0 ? sum / weights * 100 : null;
    }

    /// <summary>
    /// Every nomination id passed in gets a row (without sheets, its measures are null). Sheets of other nominations
    /// are ignored, and a judge's z-scores use only their counted sheets of this leaderboard: the panel's entries are
    /// what a judge's harshness is measured against.
    /// </summary>
    public static LeaderboardResult Compute(IReadOnlyList<Criterion> criteria, IReadOnlyList<int> nominationIds, IReadOnlyList<SheetInput> sheets)
    {
        ArgumentNullException.ThrowIfNull(criteria);
        ArgumentNullException.ThrowIfNull(nominationIds);
        ArgumentNullException.ThrowIfNull(sheets);

        var ids = nominationIds.Distinct().ToList();
        var known = ids.ToHashSet();
        var ofLeaderboard = sheets.Where(s => known.Contains(s.NominationId)).ToList();
        var counted = ofLeaderboard.Where(s => !s.Excluded).Select(s => (Sheet: s, Total: Total(criteria, s.Scores))).ToList();
        var judges = counted.Where(c => c.Total is not null).GroupBy(c => c.Sheet.JudgeId)
            .ToDictionary(g => g.Key, g => JudgeScale.Of([.. g.Select(c => c.Total!.Value)]));
        var byNomination = counted.ToLookup(c => c.Sheet.NominationId);
        var recusals = ofLeaderboard.Where(s => s.Excluded).ToLookup(s => s.NominationId);

        var rows = ids.Select(id => Row(id, criteria, byNomination[id].ToList(), recusals[id].Count(), judges))
            .OrderBy(r => r.WeightedMean is null).ThenByDescending(r => Rounded(r.WeightedMean)).ThenBy(r => r.NominationId).ToList();
        var top = new Dictionary<string, int?>
        {
            [WeightedMeanMeasure] = TopBy(rows, r => r.WeightedMean),
            [MedianMeasure] = TopBy(rows, r => r.Median),
            [TrimmedMeanMeasure] = TopBy(rows, r => r.TrimmedMean),
            [NormalisedMeasure] = TopBy(rows, r => r.Normalised),
        };
        return new(rows, top, top.Values.OfType<int>().Distinct().Count() > 1);
    }

    private static LeaderboardRow Row(int id, IReadOnlyList<Criterion> criteria, List<(SheetInput Sheet, double? Total)> counted, int recusals,
        Dictionary<int, JudgeScale> judges)
    {
        var means = counted.Count == 0
            ? new Dictionary<Guid, double>()
            : criteria.DistinctBy(c => c.Key).ToDictionary(c => c.Key, c => counted.Average(s => (double)Score(c, s.Sheet.Scores)));
        if (counted.Count == 0 || counted[0].Total is null)
        {
            return new(id, counted.Count, recusals, null, null, null, null, null, false, means);
        }

        var totals = counted.Select(c => c.Total!.Value).Order().ToArray();
        var mean = totals.Average();
        double? spread = totals.Length >= 2 ? SampleDeviation(totals, mean) : null;
        return new(id, totals.Length, recusals,
            WeightedMean: mean,
            Median: totals.Length % 2 == 1 ? totals[totals.Length / 2] : (totals[totals.Length / 2 - 1] + totals[totals.Length / 2]) / 2,
            TrimmedMean: totals.Length >= 3 ? totals[1..^1].Average() : mean,
            Normalised: counted.Average(c => judges[c.Sheet.JudgeId].Z(c.Total!.Value)),
            Spread: spread,
            Disagreement: Rounded(spread) >= DisagreementSpread,
            CriterionMeans: means);
    }

    /// <summary>The first row in the rows' order with the highest value: ties go to the better weighted mean, then the lower id.</summary>
    private static int? TopBy(List<LeaderboardRow> rows, Func<LeaderboardRow, double?> measure)
    {
        LeaderboardRow? best = null;
        foreach (var row in rows)
        {
            if (Rounded(measure(row)) is { } value && (best is null || value > Rounded(measure(best))))
            {
                best = row;
            }
        }

        return best?.NominationId;
    }

    private static double? Rounded(double? value) => value is { } v ? Math.Round(v, Decimals) : null;

    private static bool Counts(Criterion c) => c.Weight > 0 && c.Maximum > 0;

    private static int Score(Criterion criterion, IReadOnlyDictionary<Guid, int> scores) =>
        Math.Clamp(scores.GetValueOrDefault(criterion.Key), 0, Math.Max(criterion.Maximum, 0));

    private static double SampleDeviation(double[] values, double mean) =>
        Math.Sqrt(values.Sum(v => (v - mean) * (v - mean)) / (values.Length - 1));

    /// <summary>
    /// A judge's own mean and standard deviation over their counted sheets. The population deviation, not the sample's:
    /// these are all the judge's totals here, and standardising them should give the judge mean 0 and deviation 1.
    /// </summary>
    private sealed record JudgeScale(double Mean, double Deviation)
    {
        public static JudgeScale Of(double[] totals)
        {
            var mean = totals.Average();
            var deviation = totals.Length < 2 ? 0 : Math.Sqrt(totals.Sum(t => (t - mean) * (t - mean)) / totals.Length);
            return new(mean, deviation);
        }

        /// <summary>0 for a judge with one sheet or one total everywhere: nothing to tell harsh from lenient by.</summary>
        public double Z(double total) => Deviation < NoSpread ? 0 : (total - Mean) / Deviation;
    }
}
