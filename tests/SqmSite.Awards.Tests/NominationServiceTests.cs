using Microsoft.Extensions.DependencyInjection;
using SqmSite.Awards.Cycles;
using SqmSite.Awards.Nominations;
using SqmSite.Cms;

namespace SqmSite.Awards.Tests;

public sealed class NominationServiceTests(AwardsFixture fixture) : IClassFixture<AwardsFixture>
{
    private Guid Category => fixture.Cycle.CategoryKeys[0];

    private Task<(Nomination? Nomination, Attempt<NominationOperationStatus> Result)> ApplyAsync(int organizationId, string overview = "Unique practice.") =>
        fixture.InScopeAsync(s => s.GetRequiredService<NominationService>()
            .ApplyAsync(fixture.Cycle.Id, organizationId, Category, "Email Channel", overview, false, "nominee@example.org"));

    [Fact]
    public async Task A_double_submit_makes_one_nomination_even_when_the_requests_race()
    {
        var organization = await fixture.NewOrganizationAsync("Racing Co");
        var results = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => ApplyAsync(organization)));

        Assert.Single(results, r => r.Result.Succeeded);
        Assert.All(results.Where(r => !r.Result.Succeeded), r => Assert.Equal(NominationOperationStatus.AlreadyApplied, r.Result.Status));
        Assert.Single(results.Select(r => r.Nomination!.Key).Distinct());
        var stored = await fixture.InScopeAsync(s => s.GetRequiredService<NominationService>().ForOrganizationAsync(organization));
        Assert.Single(stored);
    }

    [Fact]
    public async Task Another_organizations_nomination_answers_as_missing()
    {
        var mine = await fixture.NewOrganizationAsync("Mine");
        var theirs = await fixture.NewOrganizationAsync("Theirs");
        var (nomination, _) = await ApplyAsync(theirs);

        var service = (Func<IServiceProvider, Task<Nomination?>>)(s => s.GetRequiredService<NominationService>().FindForOrganizationAsync(mine, nomination!.Key));
        Assert.Null(await fixture.InScopeAsync(service));
        var step = await fixture.InScopeAsync(s => s.GetRequiredService<NominationService>()
            .StepAsync(nomination!.Key, mine, (n, c, now) => n.Withdraw("not mine", "intruder", now)));
        Assert.Equal(NominationOperationStatus.NotFound, step.Status);
        var still = await fixture.InScopeAsync(s => s.GetRequiredService<NominationService>().FindAsync(nomination!.Key));
        Assert.Equal(NominationState.Applied, still!.State);
    }

    [Fact]
    public async Task Steps_and_their_audit_log_are_stored_and_a_refused_step_changes_nothing()
    {
        var organization = await fixture.NewOrganizationAsync("Audited");
        var (nomination, _) = await ApplyAsync(organization);
        var service = (Func<Func<Nomination, AwardCycle, DateTime, Attempt<NominationOperationStatus>>, Task<Attempt<NominationOperationStatus>>>)(step =>
            fixture.InScopeAsync(s => s.GetRequiredService<NominationService>().StepAsync(nomination!.Key, organization, step)));

        Assert.True((await service((n, c, now) => n.SubmitChecklist(c, Guid.NewGuid(), "nominee", now))).Succeeded);
        var refused = await service((n, c, now) => n.SaveStoryDraft(c, NominationStateMachineTests.CompleteStory(c), "nominee", now));
        Assert.Equal(NominationOperationStatus.NotAFinalist, refused.Status);

        var stored = await fixture.InScopeAsync(s => s.GetRequiredService<NominationService>().FindAsync(nomination!.Key));
        Assert.Equal(NominationState.ChecklistSubmitted, stored!.State);
        Assert.Equal(["Applied", "Checklist submitted"], stored.Events.Select(e => e.Action));
        Assert.Equal("", stored.Story.Text);
    }

    [Fact]
    public async Task The_extension_reason_is_stored_with_the_extension_and_cleared_with_it()
    {
        var organization = await fixture.NewOrganizationAsync("Extended");
        var (nomination, _) = await ApplyAsync(organization);
        var until = fixture.Cycle.Dates.ChecklistDueUtc.AddDays(10);
        Task<Attempt<NominationOperationStatus>> Step(Func<Nomination, AwardCycle, DateTime, Attempt<NominationOperationStatus>> step) =>
            fixture.InScopeAsync(s => s.GetRequiredService<NominationService>().StepAsync(nomination!.Key, null, step));
        Task<Nomination?> Load() => fixture.InScopeAsync(s => s.GetRequiredService<NominationService>().FindAsync(nomination!.Key));

        var refused = await Step((n, c, now) => n.ExtendDeadline(c, until, "", "staff", now));
        Assert.Equal(NominationOperationStatus.ValidationFailed, refused.Status);
        Assert.Null((await Load())!.DeadlineExtendedUntilUtc);

        var reason = "Your site was closed by a storm; take ten more days. " + string.Concat(Enumerable.Repeat("e\u0301", 900));
        Assert.True((await Step((n, c, now) => n.ExtendDeadline(c, until, reason, "staff", now))).Succeeded);
        var stored = await Load();
        Assert.Equal((until, reason), (stored!.DeadlineExtendedUntilUtc!.Value, stored.DeadlineExtensionReason));

        Assert.True((await Step((n, c, now) => n.SubmitChecklist(c, Guid.NewGuid(), "nominee", now))).Succeeded);
        stored = await Load();
        Assert.Equal((null, null), (stored!.DeadlineExtendedUntilUtc, stored.DeadlineExtensionReason));
        Assert.Equal(["Applied", "Deadline extended", "Checklist submitted"], stored.Events.Select(e => e.Action));
    }
}

public sealed class CycleServiceTests(AwardsFixture fixture) : IClassFixture<AwardsFixture>
{
    [Fact]
    public async Task Copy_to_next_year_makes_one_new_cycle_and_refuses_a_second()
    {
        var (next, problems) = await fixture.InScopeAsync(s => s.GetRequiredService<CycleService>().CopyToNextYearAsync(fixture.Cycle.Id));
        Assert.Empty(problems);
        Assert.Equal(2028, next!.Year);
        Assert.Equal(fixture.Cycle.CategoryKeys, next.CategoryKeys);

        var (again, refused) = await fixture.InScopeAsync(s => s.GetRequiredService<CycleService>().CopyToNextYearAsync(fixture.Cycle.Id));
        Assert.Null(again);
        Assert.Equal(["There is already a cycle for 2028."], refused);

        var catalog = fixture.Services.GetRequiredService<CycleCatalog>();
        Assert.Equal([2027, 2028], catalog.All.Select(c => c.Year));
        Assert.Equal(2027, catalog.Current!.Year);
    }

    [Fact]
    public async Task A_cycle_with_dates_out_of_order_an_unknown_zone_or_no_category_is_refused()
    {
        var d = fixture.Cycle.Dates;
        var (cycle, problems) = await fixture.InScopeAsync(s => s.GetRequiredService<CycleService>()
            .CreateAsync("Broken", 2031, "Mars/Olympus_Mons", d with { ChecklistDueUtc = d.ApplicationsCloseUtc.AddDays(-1) }, []));
        Assert.Null(cycle);
        Assert.Contains("Applications close must not be after the checklist due date.", problems);
        Assert.Contains("Pick the time zone of the deadlines from the list.", problems);
        Assert.Contains("Open at least one category.", problems);
    }
}

/// <summary>Moves the clock forward past the finalist notification date, so it has a fixture of its own.</summary>
public sealed class StoryPersistenceTests(AwardsFixture fixture) : IClassFixture<AwardsFixture>
{
    private Task<(Nomination? Nomination, Attempt<NominationOperationStatus> Result)> ApplyAsync(int organizationId) =>
        fixture.InScopeAsync(s => s.GetRequiredService<NominationService>()
            .ApplyAsync(fixture.Cycle.Id, organizationId, fixture.Cycle.CategoryKeys[0], "Email Channel", "Unique practice.", false, "nominee@example.org"));

    [Fact]
    public async Task A_story_draft_round_trips_with_its_ratings_and_a_stale_revision_is_refused()
    {
        var organization = await fixture.NewOrganizationAsync("Story Co");
        var (nomination, _) = await ApplyAsync(organization);
        var key = nomination!.Key;
        Task<Attempt<NominationOperationStatus>> Step(Func<Nomination, AwardCycle, DateTime, Attempt<NominationOperationStatus>> step, int? revision = null) =>
            fixture.InScopeAsync(s => s.GetRequiredService<NominationService>().StepAsync(key, null, step, revision));

        await Step((n, c, now) => n.SubmitChecklist(c, Guid.NewGuid(), "nominee", now));
        await Step((n, c, now) => n.ReviewChecklist(true, null, "staff", now));
        await Step((n, c, now) => n.DecideFinalist(true, "staff", now));
        fixture.Clock.SetUtcNow(fixture.Cycle.Dates.FinalistsNotifiedByUtc.AddHours(1));
        {
            Assert.True((await Step((n, c, now) => n.ReleaseDecision(c, "staff", now))).Succeeded);
            var loaded = await fixture.InScopeAsync(s => s.GetRequiredService<NominationService>().FindAsync(key));
            var revision = loaded!.Revision;

            var draft = NominationStateMachineTests.CompleteStory(fixture.Cycle) with { Text = "Draft one 🇨🇦" };
            Assert.True((await Step((n, c, now) => n.SaveStoryDraft(c, draft, "nominee", now), revision)).Succeeded);

            // A second tab still holds the old revision: its save is refused and the first save stays.
            var stale = await Step((n, c, now) => n.SaveStoryDraft(c, draft with { Text = "From the old tab" }, "nominee", now), revision);
            Assert.Equal(NominationOperationStatus.WrongState, stale.Status);

            var stored = await fixture.InScopeAsync(s => s.GetRequiredService<NominationService>().FindAsync(key));
            Assert.Equal("Draft one 🇨🇦", stored!.Story.Text);
            Assert.Equal(4, stored.Story.Ratings.Count);
            Assert.Equal(MeasuredBy.Customer, stored.Story.Ratings.Single(r => r.Metric == RatingMetric.Csat && r.Year == 2026).MeasuredBy);
            Assert.Equal(88m, stored.Story.Ratings.Single(r => r.Metric == RatingMetric.Csat && r.Year == 2026).Value);
        }
    }
}
