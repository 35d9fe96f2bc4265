using FsCheck;
using FsCheck.Fluent;
using SqmSite.Awards.Judging;

namespace SqmSite.Awards.Tests.Judging;

/// <summary>
/// The leaderboard's measures (<see cref="Leaderboard"/>) over generated score sets and sheets: weights including 0,
/// maximums of 5, 10 and 100, missing scores, several judges per entry and recusals. Totals are recomputed here in
/// decimal from the issue's formula, not with the code under test.
/// </summary>
public sealed class LeaderboardPropertyTests
{
    private static readonly decimal[] Weights = [0m, 0.5m, 1m, 2m, 3.5m];
    private static readonly int[] Maximums = [5, 10, 100];

    public sealed record Board(IReadOnlyList<Criterion> Criteria, IReadOnlyList<int> NominationIds, IReadOnlyList<SheetInput> Sheets)
    {
        public LeaderboardResult Compute() => Leaderboard.Compute(Criteria, NominationIds, Sheets);

        public override string ToString() =>
            $"criteria: {string.Join(", ", Criteria.Select(c => $"w{c.Weight}/max{c.Maximum}"))}; nominations: {string.Join(",", NominationIds)}; sheets: "
            + string.Join("; ", Sheets.Select(s => $"{s.NominationId}/j{s.JudgeId}{(s.Excluded ? "x" : "")}=[{string.Join(",", Criteria.Select(c => s.Scores.TryGetValue(c.Key, out var v) ? v.ToString(System.Globalization.CultureInfo.InvariantCulture) : "-"))}]"));
    }

    private static Gen<Criterion> CriterionGen(int index) =>
        from weight in Gen.Elements(Weights)
        from maximum in Gen.Elements(Maximums)
        select new Criterion(new Guid(index + 1, 0, 0, new byte[8]), $"Criterion {index + 1}", "", weight, maximum, false);

    /// <summary>Scores 0..Maximum − headroom; a score is sometimes missing unless every one is asked for.</summary>
    private static Gen<Dictionary<Guid, int>> ScoresGen(IReadOnlyList<Criterion> criteria, int headroom, bool complete) =>
        Gen.CollectToList(criteria, c =>
                from score in Gen.Choose(0, c.Maximum - headroom)
                from present in complete ? Gen.Constant(true) : Gen.Frequency((9, Gen.Constant(true)), (1, Gen.Constant(false)))
                select (c.Key, Score: present ? (int?)score : null))
            .Select(scores => scores.Where(s => s.Score is not null).ToDictionary(s => s.Key, s => s.Score!.Value));

    /// <summary>Up to 8 entries and 5 judges; each judge scores an entry with probability 2/3, and recuses from 1 in 8.</summary>
    private static Gen<Board> Boards(int headroom = 0, bool complete = false) =>
        from criterionCount in Gen.Choose(1, 4)
        from criteria in Gen.CollectToList(Enumerable.Range(0, criterionCount), CriterionGen)
            .Where(cs => cs.Any(c => c.Weight > 0))
        from entryCount in Gen.Choose(1, 8)
        from judgeCount in Gen.Choose(1, 5)
        let pairs = Enumerable.Range(1, entryCount).SelectMany(n => Enumerable.Range(1, judgeCount).Select(j => (n, j))).ToList()
        from sheets in Gen.CollectToList(pairs, p =>
            from present in Gen.Frequency((2, Gen.Constant(true)), (1, Gen.Constant(false)))
            from excluded in Gen.Frequency((7, Gen.Constant(false)), (1, Gen.Constant(true)))
            from scores in ScoresGen(criteria, headroom, complete)
            select present ? new SheetInput(p.n * 10, p.j, scores, excluded) : null)
        select new Board(criteria, [.. Enumerable.Range(1, entryCount).Select(n => n * 10)], [.. sheets.OfType<SheetInput>()]);

    /// <summary>The issue's formula in decimal: Σ(score / Maximum × Weight) / ΣWeight × 100, weight-0 criteria ignored.</summary>
    private static double ExpectedTotal(IReadOnlyList<Criterion> criteria, IReadOnlyDictionary<Guid, int> scores)
    {
        var counted = criteria.Where(c => c.Weight > 0).ToList();
        var sum = counted.Sum(c => (decimal)scores.GetValueOrDefault(c.Key) / c.Maximum * c.Weight);
        return (double)(sum / counted.Sum(c => c.Weight) * 100);
    }

    private static bool Close(double? a, double? b) =>
        a is null ? b is null : b is not null && Math.Abs(a.Value - b.Value) <= 1e-9 * Math.Max(1, Math.Max(Math.Abs(a.Value), Math.Abs(b.Value)));

    private static bool SameRow(LeaderboardRow a, LeaderboardRow b, bool recusalsToo = true) =>
        a.NominationId == b.NominationId && a.Sheets == b.Sheets && (!recusalsToo || a.Recusals == b.Recusals)
        && Close(a.WeightedMean, b.WeightedMean) && Close(a.Median, b.Median) && Close(a.TrimmedMean, b.TrimmedMean)
        && Close(a.Normalised, b.Normalised) && Close(a.Spread, b.Spread) && a.Disagreement == b.Disagreement
        && a.CriterionMeans.Count == b.CriterionMeans.Count && a.CriterionMeans.All(m => b.CriterionMeans.TryGetValue(m.Key, out var v) && Close(m.Value, v));

    private static bool SameResult(LeaderboardResult a, LeaderboardResult b, bool recusalsToo = true) =>
        a.Rows.Count == b.Rows.Count && a.Rows.Zip(b.Rows).All(p => SameRow(p.First, p.Second, recusalsToo))
        && a.TopBy.OrderBy(t => t.Key).SequenceEqual(b.TopBy.OrderBy(t => t.Key)) && a.TopDiffers == b.TopDiffers;

    [Fact]
    public void Totals_follow_the_formula_and_lie_in_0_to_100() =>
        Prop.ForAll(Boards().ToArbitrary(), board => board.Sheets.All(s =>
        {
            var total = Leaderboard.Total(board.Criteria, s.Scores);
            return total is >= 0 and <= 100 && Close(total, ExpectedTotal(board.Criteria, s.Scores));
        })).QuickCheckThrowOnFailure();

    [Fact]
    public void Mean_median_and_trimmed_mean_lie_between_the_lowest_and_highest_total_and_counts_add_up() =>
        Prop.ForAll(Boards().ToArbitrary(), board =>
        {
            var result = board.Compute();
            return board.NominationIds.Order().SequenceEqual(result.Rows.Select(r => r.NominationId).Order()) && result.Rows.All(row =>
            {
                var mine = board.Sheets.Where(s => s.NominationId == row.NominationId).ToList();
                var totals = mine.Where(s => !s.Excluded).Select(s => ExpectedTotal(board.Criteria, s.Scores)).ToList();
                if (totals.Count == 0)
                {
                    return row is { Sheets: 0, WeightedMean: null, Median: null, TrimmedMean: null, Normalised: null, Spread: null, Disagreement: false }
                        && row.Recusals == mine.Count && row.CriterionMeans.Count == 0;
                }

                bool Between(double? v) => v >= totals.Min() - 1e-9 && v <= totals.Max() + 1e-9;
                return row.Sheets == totals.Count && row.Recusals == mine.Count - totals.Count
                    && Close(row.WeightedMean, totals.Average())
                    && Between(row.WeightedMean) && Between(row.Median) && Between(row.TrimmedMean)
                    && (totals.Count >= 2 ? row.Spread >= 0 : row.Spread is null)
                    && row.Disagreement == row.Spread >= Leaderboard.DisagreementSpread;
            });
        }).QuickCheckThrowOnFailure();

    [Fact]
    public void Rows_are_ordered_by_weighted_mean_and_each_top_is_an_entry_with_the_best_value_of_its_measure() =>
        Prop.ForAll(Boards().ToArbitrary(), board =>
        {
            var result = board.Compute();
            // Equal means (to rounding) rank by id.
            var ordered = result.Rows.Zip(result.Rows.Skip(1)).All(p => p.First.WeightedMean is { } a
                ? p.Second.WeightedMean is not { } b || (a >= b - 1e-9 && (Math.Abs(a - b) > 1e-12 || p.First.NominationId < p.Second.NominationId))
                : p.Second.WeightedMean is null && p.First.NominationId < p.Second.NominationId);
            var measures = new Dictionary<string, Func<LeaderboardRow, double?>>
            {
                [Leaderboard.WeightedMeanMeasure] = r => r.WeightedMean,
                [Leaderboard.MedianMeasure] = r => r.Median,
                [Leaderboard.TrimmedMeanMeasure] = r => r.TrimmedMean,
                [Leaderboard.NormalisedMeasure] = r => r.Normalised,
            };
            var tops = measures.All(m =>
            {
                var values = result.Rows.Select(m.Value).OfType<double>().ToList();
                var top = result.TopBy[m.Key];
                return values.Count == 0 ? top is null
                    : top is { } id && measures[m.Key](result.Rows.Single(r => r.NominationId == id)) >= values.Max() - 1e-9;
            });
            return ordered && tops && result.TopBy.Count == 4
                && result.TopDiffers == (result.TopBy.Values.OfType<int>().Distinct().Count() > 1);
        }).QuickCheckThrowOnFailure();

    [Fact]
    public void Excluded_sheets_change_nothing_but_the_recusals() =>
        Prop.ForAll(Boards().ToArbitrary(), board =>
        {
            var without = (board with { Sheets = [.. board.Sheets.Where(s => !s.Excluded)] }).Compute();
            var with = board.Compute();
            return SameResult(with, without, recusalsToo: false)
                && with.Rows.All(r => r.Recusals == board.Sheets.Count(s => s.Excluded && s.NominationId == r.NominationId))
                && without.Rows.All(r => r.Recusals == 0);
        }).QuickCheckThrowOnFailure();

    [Fact]
    public void A_judge_more_lenient_by_a_constant_on_every_sheet_leaves_the_normalised_scores_unchanged() =>
        Prop.ForAll((from board in Boards(headroom: 3, complete: true)
                     from judge in Gen.Choose(1, 5)
                     from extra in Gen.Choose(1, 3)
                     select (board, judge, extra)).ToArbitrary(), c =>
        {
            // Adding the same points to every score of one judge adds one constant to each of their totals.
            var lenient = c.board with
            {
                Sheets = [.. c.board.Sheets.Select(s => s.JudgeId != c.judge ? s
                    : s with { Scores = s.Scores.ToDictionary(p => p.Key, p => p.Value + c.extra) })],
            };
            var before = c.board.Compute().Rows.ToDictionary(r => r.NominationId);
            var after = lenient.Compute().Rows.ToDictionary(r => r.NominationId);
            return before.All(b => Close(b.Value.Normalised, after[b.Key].Normalised));
        }).QuickCheckThrowOnFailure();

    [Fact]
    public void Each_judges_z_scores_sum_to_zero_so_the_normalised_scores_weighted_by_sheets_do_too() =>
        Prop.ForAll(Boards().ToArbitrary(), board =>
        {
            var result = board.Compute();
            return Math.Abs(result.Rows.Sum(r => (r.Normalised ?? 0) * r.Sheets)) <= 1e-9 * Math.Max(1, board.Sheets.Count);
        }).QuickCheckThrowOnFailure();

    [Fact]
    public void Scaling_every_weight_by_one_constant_changes_nothing() =>
        Prop.ForAll((from board in Boards()
                     from factor in Gen.Elements(0.1m, 2m, 7m, 1000m)
                     select (board, factor)).ToArbitrary(), c =>
        {
            var scaled = c.board with { Criteria = [.. c.board.Criteria.Select(k => k with { Weight = k.Weight * c.factor })] };
            return SameResult(c.board.Compute(), scaled.Compute());
        }).QuickCheckThrowOnFailure();

    [Fact]
    public void Criterion_means_are_the_mean_raw_score_of_the_counted_sheets() =>
        Prop.ForAll(Boards().ToArbitrary(), board => board.Compute().Rows.Where(r => r.Sheets > 0).All(row =>
        {
            var counted = board.Sheets.Where(s => s.NominationId == row.NominationId && !s.Excluded).ToList();
            return board.Criteria.All(c => Close(row.CriterionMeans[c.Key], counted.Average(s => s.Scores.GetValueOrDefault(c.Key))));
        })).QuickCheckThrowOnFailure();
}
