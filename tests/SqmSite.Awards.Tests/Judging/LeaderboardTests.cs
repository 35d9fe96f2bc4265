using SqmSite.Awards.Judging;

namespace SqmSite.Awards.Tests.Judging;

/// <summary>The leaderboard on small score sets worked out by hand.</summary>
public sealed class LeaderboardTests
{
    private static readonly Criterion Impact = new(Guid.Parse("00000000-0000-0000-0000-00000000000a"), "Impact", "", 2m, 10, true);
    private static readonly Criterion Data = new(Guid.Parse("00000000-0000-0000-0000-00000000000b"), "Data", "", 1m, 5, false);
    private static readonly Criterion Notes = new(Guid.Parse("00000000-0000-0000-0000-00000000000c"), "Notes", "", 0m, 10, false);

    /// <summary>One criterion scored 0..10 at weight 1, so a score of 7 is a total of 70.</summary>
    private static readonly Criterion Single = new(Guid.Parse("00000000-0000-0000-0000-000000000001"), "Overall", "", 1m, 10, false);

    private static SheetInput Sheet(int nomination, int judge, int score, bool excluded = false) =>
        new(nomination, judge, new Dictionary<Guid, int> { [Single.Key] = score }, excluded);

    [Fact]
    public void A_total_weighs_each_criterion_ignores_weight_zero_counts_a_missing_score_as_zero_and_clamps()
    {
        Criterion[] set = [Impact, Data, Notes];

        // (8/10 × 2 + 3/5 × 1) / 3 × 100 = 2.2 / 3 × 100
        Assert.Equal(220.0 / 3, Leaderboard.Total(set, new Dictionary<Guid, int> { [Impact.Key] = 8, [Data.Key] = 3, [Notes.Key] = 10 })!.Value, 9);
        Assert.Equal(160.0 / 3, Leaderboard.Total(set, new Dictionary<Guid, int> { [Impact.Key] = 8 })!.Value, 9);
        Assert.Equal(260.0 / 3, Leaderboard.Total(set, new Dictionary<Guid, int> { [Impact.Key] = 15, [Data.Key] = 3 })!.Value, 9);
        Assert.Null(Leaderboard.Total([Notes], new Dictionary<Guid, int> { [Notes.Key] = 10 }));
    }

    [Fact]
    public void Mean_median_trimmed_mean_spread_and_recusals_of_a_worked_example()
    {
        SheetInput[] sheets =
        [
            Sheet(10, 1, 9), Sheet(10, 2, 7), Sheet(10, 3, 8), Sheet(10, 4, 2),
            Sheet(20, 1, 8), Sheet(20, 2, 8), Sheet(20, 3, 8), Sheet(20, 4, 0, excluded: true),
        ];

        var result = Leaderboard.Compute([Single], [30, 10, 20], sheets);

        Assert.Equal([20, 10, 30], result.Rows.Select(r => r.NominationId));
        var (first, second, empty) = (result.Rows[0], result.Rows[1], result.Rows[2]);

        // Entry 10: totals 90, 70, 80, 20. Mean 65; median (70 + 80) / 2; trimmed drops 20 and 90; spread √(2900 / 3).
        Assert.Equal((4, 0), (second.Sheets, second.Recusals));
        Assert.Equal(65, second.WeightedMean!.Value, 9);
        Assert.Equal(75, second.Median!.Value, 9);
        Assert.Equal(75, second.TrimmedMean!.Value, 9);
        Assert.Equal(Math.Sqrt(2900.0 / 3), second.Spread!.Value, 9);
        Assert.True(second.Disagreement);
        Assert.Equal(6.5, second.CriterionMeans[Single.Key], 9);

        // Entry 20: three 80s and one recusal, which counts nowhere else.
        Assert.Equal((3, 1), (first.Sheets, first.Recusals));
        Assert.All(new[] { first.WeightedMean, first.Median, first.TrimmedMean }, m => Assert.Equal(80, m!.Value, 9));
        Assert.Equal(0, first.Spread!.Value, 9);
        Assert.False(first.Disagreement);

        // Judge 1: 90 and 80 (z +1, −1); judge 2: 70 and 80 (−1, +1); judge 3 always 80 and judge 4 one sheet (z 0).
        Assert.Equal(0, second.Normalised!.Value, 9);
        Assert.Equal(0, first.Normalised!.Value, 9);

        Assert.Equal(new LeaderboardRow(30, 0, 0, null, null, null, null, null, false, empty.CriterionMeans), empty);
        Assert.Empty(empty.CriterionMeans);
        Assert.Equal(new Dictionary<string, int?> { ["Weighted mean"] = 20, ["Median"] = 20, ["Trimmed mean"] = 20, ["Normalised"] = 20 }, result.TopBy);
        Assert.False(result.TopDiffers);
    }

    [Fact]
    public void A_harsh_judges_best_entry_tops_the_normalised_score_and_the_page_is_told_the_tops_differ()
    {
        // The lenient judge 1 scores entries 1, 3, 5 at 90, 80, 40; the harsh judge 2 scores 2, 4, 6 at 50, 10, 0.
        // Both have the same deviation √(1400 / 3); entry 2 is 30 above its judge's mean, entry 1 only 20.
        SheetInput[] sheets = [Sheet(1, 1, 9), Sheet(3, 1, 8), Sheet(5, 1, 4), Sheet(2, 2, 5), Sheet(4, 2, 1), Sheet(6, 2, 0)];

        var result = Leaderboard.Compute([Single], [1, 2, 3, 4, 5, 6], sheets);

        var deviation = Math.Sqrt(1400.0 / 3);
        var byId = result.Rows.ToDictionary(r => r.NominationId);
        Assert.Equal(30 / deviation, byId[2].Normalised!.Value, 9);
        Assert.Equal(20 / deviation, byId[1].Normalised!.Value, 9);
        Assert.Equal(1.38873, byId[2].Normalised!.Value, 5);
        Assert.Null(byId[2].Spread);
        Assert.Equal(1, result.TopBy[Leaderboard.WeightedMeanMeasure]);
        Assert.Equal(1, result.TopBy[Leaderboard.MedianMeasure]);
        Assert.Equal(2, result.TopBy[Leaderboard.NormalisedMeasure]);
        Assert.True(result.TopDiffers);
    }

    [Theory]
    [InlineData(3.5)]
    [InlineData(0.35)]
    public void Means_equal_on_paper_rank_by_id_whatever_the_last_bit_of_the_double(double weight)
    {
        // Entry 30: (90 + 62) / 2 = 76 and (50 + 90) / 2 = 70, mean 73; entry 40: (60 + 86) / 2 = 73. In doubles entry
        // 40 comes out a bit above 73 at weight 0.35 and a bit below at 3.5.
        var score = new Criterion(Guid.Parse("00000000-0000-0000-0000-000000000002"), "Score", "", (decimal)weight, 10, false);
        var percent = new Criterion(Guid.Parse("00000000-0000-0000-0000-000000000003"), "Percent", "", (decimal)weight, 100, false);
        SheetInput Scored(int nomination, int judge, int a, int b) =>
            new(nomination, judge, new Dictionary<Guid, int> { [score.Key] = a, [percent.Key] = b }, false);

        var result = Leaderboard.Compute([score, percent], [40, 30],
            [Scored(30, 1, 9, 62), Scored(30, 2, 5, 90), Scored(40, 1, 6, 86)]);

        Assert.Equal([30, 40], result.Rows.Select(r => r.NominationId));
        Assert.Equal(30, result.TopBy[Leaderboard.WeightedMeanMeasure]);
        Assert.Equal(73, result.Rows[1].WeightedMean!.Value, 9);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(0.1)]
    public void A_spread_of_exactly_the_threshold_is_a_disagreement(double weight)
    {
        // Totals 60, 60, 30, 40: mean 47.5, squared deviations 156.25 + 156.25 + 306.25 + 56.25 = 675, 675 / 3 = 15².
        var overall = Single with { Weight = (decimal)weight };
        SheetInput[] sheets = [Sheet(1, 1, 6), Sheet(1, 2, 6), Sheet(1, 3, 3), Sheet(1, 4, 4)];

        var row = Assert.Single(Leaderboard.Compute([overall], [1], sheets).Rows);

        Assert.Equal(15, row.Spread!.Value, 9);
        Assert.True(row.Disagreement);
    }

    [Fact]
    public void Without_a_weighted_criterion_sheets_are_counted_but_no_measure_is_given()
    {
        var sheets = new[] { new SheetInput(1, 1, new Dictionary<Guid, int> { [Notes.Key] = 6 }, false) };

        var result = Leaderboard.Compute([Notes], [1], sheets);

        var row = Assert.Single(result.Rows);
        Assert.Equal((1, (double?)null, (double?)null), (row.Sheets, row.WeightedMean, row.Normalised));
        Assert.Equal(6, row.CriterionMeans[Notes.Key]);
        Assert.All(result.TopBy.Values, Assert.Null);
        Assert.False(result.TopDiffers);
    }
}
