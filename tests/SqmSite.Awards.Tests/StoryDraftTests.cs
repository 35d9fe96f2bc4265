using Microsoft.Extensions.DependencyInjection;
using SqmSite.Awards.Cycles;
using SqmSite.Awards.Nominations;
using SqmSite.Cms;

namespace SqmSite.Awards.Tests;

/// <summary>
/// A story draft keeps what the nominee typed (issue 8 item 4, issue 9 item 7): values that are not numbers, a sample
/// size of 0, Csat measured by the organization are stored as entered and named by the rules, never dropped or coerced.
/// Stored on a real database (SQLite, and PostgreSQL when one is given); it moves the clock, so it has its own fixture.
/// </summary>
public sealed class StoryDraftTests(AwardsFixture fixture) : IClassFixture<AwardsFixture>
{
    [Theory]
    [InlineData("84.5", 84.5, null)]
    [InlineData(" 84% ", 84.0, null)]
    [InlineData("about 84", null, "about 84")]
    [InlineData("", null, null)]
    public void A_value_is_read_as_people_write_it_and_kept_as_typed_otherwise(string typed, double? value, string? kept)
    {
        var row = RatingRow.Read(RatingMetric.Fcr, 2025, typed, "1,200", " Survey ", "customer");
        Assert.Equal(value is null ? null : (decimal)value, row.Value);
        Assert.Equal(kept, row.ValueEntered);
        Assert.Equal(1200, row.SampleSize);
        Assert.Equal("Survey", row.Method);
        Assert.Equal(MeasuredBy.Customer, row.MeasuredBy);
    }

    [Theory]
    [InlineData("Banana")]
    [InlineData("999")]
    [InlineData("0")]
    [InlineData("")]
    [InlineData(null)]
    public void An_unknown_metric_is_no_metric_and_never_fcr(string? posted) => Assert.Null(RatingRow.ReadMetric(posted));

    [Fact]
    public void Every_problem_of_a_row_is_named_in_the_sites_words()
    {
        var cycle = fixture.Cycle;
        var year = cycle.RatingsYears[0];
        var draft = new StoryDraft("Story", "People", null, null,
        [
            RatingRow.Read(RatingMetric.Fcr, year, "84", "about 400", "Survey", "Customer"),
            RatingRow.Read(RatingMetric.Csat, year, "lots", "0", "Survey", "Banana"),
        ]);
        var errors = draft.Check(cycle, complete: false);
        Assert.Equal($"FCR {year} sample size: enter a whole number, such as 400.", errors[StoryDraft.RatingKey(RatingMetric.Fcr, year)]);
        Assert.Equal($"Csat {year} value: enter a number, such as 84.5. The sample size of Csat {year} must be more than zero. Csat {year} measured by: choose Customer or Organization.",
            errors[StoryDraft.RatingKey(RatingMetric.Csat, year)]);
        Assert.Empty(draft.CheckStorable(cycle));
    }

    [Fact]
    public async Task A_draft_with_bad_ratings_is_stored_as_typed_and_its_submission_is_refused_row_by_row()
    {
        var organization = await fixture.NewOrganizationAsync("Draft Keepers");
        var (nomination, _) = await fixture.InScopeAsync(s => s.GetRequiredService<NominationService>()
            .ApplyAsync(fixture.Cycle.Id, organization, fixture.Cycle.CategoryKeys[0], "Email Channel", "Unique practice.", false, "nominee@example.org"));
        var key = nomination!.Key;
        Task<Attempt<NominationOperationStatus>> Step(Func<Nomination, AwardCycle, DateTime, Attempt<NominationOperationStatus>> step) =>
            fixture.InScopeAsync(s => s.GetRequiredService<NominationService>().StepAsync(key, organization, step));
        Assert.True((await Step((n, c, now) => n.SubmitChecklist(c, Guid.NewGuid(), "nominee", now))).Succeeded);
        Assert.True((await Step((n, c, now) => n.ReviewChecklist(true, null, "staff", now))).Succeeded);
        Assert.True((await Step((n, c, now) => n.DecideFinalist(true, "staff", now))).Succeeded);
        fixture.Clock.SetUtcNow(fixture.Cycle.Dates.FinalistsNotifiedByUtc.AddHours(1));
        Assert.True((await Step((n, c, now) => n.ReleaseDecision(c, "staff", now))).Succeeded);

        var (y0, y1) = (fixture.Cycle.RatingsYears[0], fixture.Cycle.RatingsYears[1]);
        var draft = new StoryDraft("Our story, half written.", null, null, null,
        [
            RatingRow.Read(RatingMetric.Fcr, y0, "84", "0", "Survey", "Customer"),
            RatingRow.Read(RatingMetric.Fcr, y1, "80", "about 400", null, null),
            RatingRow.Read(RatingMetric.Csat, y0, "91", "300", "Survey", "Organization"),
            RatingRow.Read(RatingMetric.Csat, y1, null, null, null, "Customer"),
        ]);
        var saved = await Step((n, c, now) => n.SaveStoryDraft(c, draft, "nominee", now));
        Assert.True(saved.Succeeded);
        Assert.Equal(3, saved.Errors.Count);

        var stored = await fixture.InScopeAsync(s => s.GetRequiredService<NominationService>().FindAsync(key));
        var rows = stored!.Story.Ratings;
        Assert.Equal(4, rows.Count);
        Assert.Equal(0, rows.Single(r => r.Metric == RatingMetric.Fcr && r.Year == y0).SampleSize);
        Assert.Equal("about 400", rows.Single(r => r.Metric == RatingMetric.Fcr && r.Year == y1).SampleSizeText);
        Assert.Equal(MeasuredBy.Organization, rows.Single(r => r.Metric == RatingMetric.Csat && r.Year == y0).MeasuredBy);
        Assert.Equal(MeasuredBy.Customer, rows.Single(r => r.Metric == RatingMetric.Csat && r.Year == y1).MeasuredBy);

        var submitted = await Step((n, c, now) => n.SubmitStory(c, stored.Story.ToDraft(), "nominee", now));
        Assert.Equal(NominationOperationStatus.ValidationFailed, submitted.Status);
        Assert.Equal($"FCR {y1} sample size: enter a whole number, such as 400.", submitted.Errors[StoryDraft.RatingKey(RatingMetric.Fcr, y1)]);
        Assert.Equal($"Csat must be measured by the customer ({y0}).", submitted.Errors[StoryDraft.RatingKey(RatingMetric.Csat, y0)]);
        Assert.Contains("needs its value", submitted.Errors[StoryDraft.RatingKey(RatingMetric.Csat, y1)]);
        var after = await fixture.InScopeAsync(s => s.GetRequiredService<NominationService>().FindAsync(key));
        Assert.Equal(NominationState.Finalist, after!.State);
    }
}
