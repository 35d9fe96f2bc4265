using SqmSite.Awards.Certification;

namespace SqmSite.Awards.Tests.Certification;

public sealed class StandardEditorTests
{
    private static CriterionDraft Row(string? key, string? text, string? weight, string? recommendation = "Do it.", bool remove = false) =>
        new() { Key = key, Text = text, Weight = weight, Recommendation = recommendation, Remove = remove };

    [Fact]
    public void Blank_keys_are_made_from_the_text_unique_among_the_others_and_empty_or_removed_rows_drop_out()
    {
        var (criteria, errors) = StandardEditor.Read(
        [
            Row("Written", "Written down.", "40"),
            Row(null, "", null, null),
            Row("", "Measured effect on FCR", "30"),
            Row("gone", "Removed one.", "x", remove: true),
            Row(null, "Measured effect on Csat", "20"),
            Row(null, "Measured effect on FCR again", "5"),
            Row(null, "42 ways to improve", "5"),
        ]);
        Assert.Empty(errors);
        Assert.Equal(["written", "measured-effect-on", "measured-effect-on-2", "measured-effect-on-3", "criterion-42-ways-to"], criteria.Select(c => c.Key));
        Assert.Equal(100m, criteria.Sum(c => c.Weight));
    }

    [Theory]
    [InlineData("0", "Criteria[0].Weight")]
    [InlineData("101", "Criteria[0].Weight")]
    [InlineData("-5", "Criteria[0].Weight")]
    [InlineData("50.0", "Criteria[0].Weight")]
    [InlineData("60", StandardEditor.TotalField)]
    public void Weights_are_whole_numbers_from_1_to_100_that_add_up_to_100(string weight, string field)
    {
        var (criteria, errors) = StandardEditor.Read([Row("a", "A.", weight), Row("b", "B.", "50")]);
        Assert.Empty(criteria);
        Assert.Equal([field], errors.Keys);
    }

    [Fact]
    public void No_row_or_too_many_rows_are_refused_as_a_whole()
    {
        Assert.Equal([""], StandardEditor.Read([Row("a", "A.", "100", remove: true), Row(null, null, null, null)]).Errors.Keys);
        var many = Enumerable.Range(0, StandardEditor.MaxCriteria + 1).Select(i => Row(null, $"Criterion {i}", "1")).ToList();
        Assert.Contains("at most 20 criteria", StandardEditor.Read(many).Errors[""]);
    }
}
