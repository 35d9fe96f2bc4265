using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SqmSite.Awards.Data;
using SqmSite.Awards.Judging;
using SqmSite.Awards.Nominations;
using SqmSite.Cms.Data;
using SqmSite.Cms.Security;
using SqmSite.Cms.Webhooks;

namespace SqmSite.Awards.Tests.Judging;

/// <summary>Step 5 on a real database: judges, panels and assignment, score sheets and their history, conflicts, results and the one winner.</summary>
public sealed class JudgingServiceTests(AwardsFixture fixture) : IClassFixture<AwardsFixture>
{
    private static int _made;

    private static int _years = 2100;

    private readonly Dictionary<Guid, SqmSite.Awards.Cycles.AwardCycle> _cycles = [];

    /// <summary>A category of its own, in a cycle of its own (panels are per category and cycle, so tests do not meet).</summary>
    private async Task<Guid> CategoryAsync()
    {
        var category = Guid.NewGuid();
        var template = fixture.Cycle;
        var year = Interlocked.Increment(ref _years);
        var (cycle, problems) = await fixture.InScopeAsync(s => s.GetRequiredService<SqmSite.Awards.Cycles.CycleService>()
            .CreateAsync($"Judging test {year}", year, template.TimeZoneId, template.Dates, [category]));
        Assert.Empty(problems);
        _cycles[category] = cycle!;
        return category;
    }

    /// <summary>A new organization with a submitted story in the category's own cycle.</summary>
    private async Task<(int OrganizationId, Nomination Nomination)> SubmittedEntryAsync(Guid category, string organization)
    {
        var nomination = await fixture.InScopeAsync(s =>
            SqmSite.Testing.SubmittedStories.AddAsync(s.GetRequiredService<AwardsDbContext>(), _cycles[category], category, "Email Channel", organization));
        return (nomination.OrganizationId, nomination);
    }

    /// <summary>A judge with an account (made directly: the invitation has its own test).</summary>
    private Task<JudgeProfile> JudgeAsync(string name, params int[] neverJudge) => fixture.InScopeAsync(async s =>
    {
        var users = s.GetRequiredService<UserManager<BackofficeUser>>();
        var email = $"judge{Interlocked.Increment(ref _made)}-{Guid.NewGuid():N}@example.org";
        var user = new BackofficeUser { UserName = email, Email = email, EmailConfirmed = true, DisplayName = name };
        Assert.True((await users.CreateAsync(user, "Judge-Password-123")).Succeeded);
        var db = s.GetRequiredService<AwardsDbContext>();
        var judge = new JudgeProfile(user.Id, name, "Independent", fixture.Clock.GetUtcNow().UtcDateTime);
        judge.Update(name, "Independent", neverJudge);
        db.Judges.Add(judge);
        await db.SaveChangesAsync();
        return judge;
    });

    private async Task<Panel> PanelAsync(Guid category, int perEntry, int? lead, params JudgeProfile[] judges)
    {
        var panel = await fixture.InScopeAsync(s => s.GetRequiredService<PanelService>().PanelAsync(_cycles[category].Id, category, "Email Channel"));
        var updated = await fixture.InScopeAsync(s => s.GetRequiredService<PanelService>().UpdatePanelAsync(panel.Key, judges.Select(j => j.Id), lead, perEntry));
        Assert.True(updated.Succeeded, updated.Message);
        return panel;
    }

    private static IReadOnlyList<CriterionScore> AllScores(int score, string comment = "Clear evidence.") =>
        [.. JudgingSetup.DefaultCriteria().Select(c => new CriterionScore(c.Key, score, comment, Shareable: true))];

    private Task<Guid> AssignmentKeyAsync(int nominationId, int judgeId) => fixture.InScopeAsync(s =>
        s.GetRequiredService<AwardsDbContext>().JudgeAssignments.Where(a => a.NominationId == nominationId && a.JudgeId == judgeId).Select(a => a.Key).SingleAsync());

    [Fact]
    public async Task Manual_assignment_refuses_a_never_judge_organization_a_judge_off_the_panel_and_a_second_assignment()
    {
        var category = await CategoryAsync();
        var (rival, rivalEntry) = await SubmittedEntryAsync(category, "Rival Contact Co");
        var ann = await JudgeAsync("Ann Lee", rival);
        var bo = await JudgeAsync("Bo Chan");
        var outsider = await JudgeAsync("Cy Out");
        var panel = await PanelAsync(category, 2, null, ann, bo);
        var service = (Func<int, Task<SqmSite.Cms.Attempt<JudgingOperationStatus>>>)(judge =>
            fixture.InScopeAsync(s => s.GetRequiredService<PanelService>().AssignAsync(panel.Key, rivalEntry.Key, judge, "staff")));

        Assert.Equal("Ann Lee must never judge this organization.", (await service(ann.Id)).Errors["JudgeId"]);
        Assert.Equal("Cy Out does not sit on this panel.", (await service(outsider.Id)).Errors["JudgeId"]);
        Assert.True((await service(bo.Id)).Succeeded);
        Assert.Equal("Bo Chan is already assigned to this entry.", (await service(bo.Id)).Errors["JudgeId"]);

        var stored = await fixture.InScopeAsync(s => s.GetRequiredService<AwardsDbContext>().Nominations.SingleAsync(n => n.Id == rivalEntry.Id));
        Assert.Equal(NominationState.StorySubmitted, stored.State);
        Assert.Equal("Judge assigned", stored.Events[^1].Action);
        Assert.Equal("Bo Chan", stored.Events[^1].Reason);
    }

    [Fact]
    public async Task Automatic_assignment_shows_a_plan_first_saves_n_judges_per_entry_and_keeps_what_was_scored_when_run_again()
    {
        var category = await CategoryAsync();
        var entries = new List<(int Org, Nomination N)>();
        for (var i = 0; i < 4; i++)
        {
            entries.Add(await SubmittedEntryAsync(category, $"Auto Entry {i} Ltd"));
        }

        var judges = new[] { await JudgeAsync("J One", entries[0].Org), await JudgeAsync("J Two"), await JudgeAsync("J Three"), await JudgeAsync("J Four") };
        var panel = await PanelAsync(category, 2, judges[1].Id, judges);

        var plan = await fixture.InScopeAsync(s => s.GetRequiredService<PanelService>().PlanAsync(panel.Key));
        Assert.True(plan!.CanBeMet);
        Assert.Equal(8, plan.Add.Count);
        Assert.DoesNotContain(plan.Add, a => a.JudgeId == judges[0].Id && a.NominationId == entries[0].N.Id);
        Assert.Equal(0, await fixture.InScopeAsync(s => s.GetRequiredService<AwardsDbContext>().JudgeAssignments.CountAsync(a => a.PanelId == panel.Id)));

        var applied = await fixture.InScopeAsync(s => s.GetRequiredService<PanelService>().ApplyPlanAsync(panel.Key, "staff"));
        Assert.True(applied.Succeeded, applied.Message);
        var loads = await fixture.InScopeAsync(s => s.GetRequiredService<AwardsDbContext>().JudgeAssignments.Where(a => a.PanelId == panel.Id)
            .GroupBy(a => a.JudgeId).Select(g => g.Count()).ToListAsync());
        Assert.Equal(8, loads.Sum());
        Assert.True(loads.Max() - loads.Min() <= 1, string.Join(",", loads));

        // A judge scores, then leaves the panel: re-running keeps their scored assignment and tops the others up.
        var scoredBy = await fixture.InScopeAsync(s => s.GetRequiredService<AwardsDbContext>().JudgeAssignments.FirstAsync(a => a.PanelId == panel.Id && a.JudgeId == judges[2].Id));
        var saved = await fixture.InScopeAsync(s => s.GetRequiredService<ScoringService>().SaveAsync(judges[2].Id, scoredBy.Key, AllScores(7), submit: false, null, "j3"));
        Assert.True(saved.Succeeded, saved.Message);
        Assert.True((await fixture.InScopeAsync(s => s.GetRequiredService<PanelService>().UpdatePanelAsync(panel.Key, [judges[0].Id, judges[1].Id, judges[3].Id], judges[1].Id, 2))).Succeeded);
        var second = await fixture.InScopeAsync(s => s.GetRequiredService<PanelService>().ApplyPlanAsync(panel.Key, "staff"));
        Assert.True(second.Succeeded, second.Message);
        Assert.Contains(second.Value!.Keep, k => k.JudgeId == judges[2].Id && k.HasScores);
        var after = await fixture.InScopeAsync(s => s.GetRequiredService<AwardsDbContext>().JudgeAssignments.Where(a => a.PanelId == panel.Id).ToListAsync());
        Assert.Contains(after, a => a.Key == scoredBy.Key);
        Assert.All(entries, e => Assert.True(after.Count(a => a.NominationId == e.N.Id && !a.IsConflict) >= 2));
        Assert.DoesNotContain(after, a => a.JudgeId == judges[0].Id && a.NominationId == entries[0].N.Id);
    }

    [Fact]
    public async Task A_score_sheet_saves_for_later_submits_only_when_complete_is_then_read_only_and_keeps_every_change()
    {
        var category = await CategoryAsync();
        var (_, entry) = await SubmittedEntryAsync(category, "Sheet Co");
        var judge = await JudgeAsync("Sam Score");
        var other = await JudgeAsync("Olive Other");
        var panel = await PanelAsync(category, 2, null, judge, other);
        Assert.True((await fixture.InScopeAsync(s => s.GetRequiredService<PanelService>().ApplyPlanAsync(panel.Key, "staff"))).Succeeded);
        var key = await AssignmentKeyAsync(entry.Id, judge.Id);
        var criteria = JudgingSetup.DefaultCriteria();
        var scoring = (Func<IReadOnlyList<CriterionScore>, bool, Task<SqmSite.Cms.Attempt<JudgingOperationStatus>>>)((scores, submit) =>
            fixture.InScopeAsync(s => s.GetRequiredService<ScoringService>().SaveAsync(judge.Id, key, scores, submit, null, "sam@example.org")));

        Assert.True((await scoring([new CriterionScore(criteria[0].Key, 6, null, false)], false)).Succeeded);
        var tooHigh = await scoring([new CriterionScore(criteria[0].Key, 11, null, false)], false);
        Assert.Equal($"Score {criteria[0].Name} from 0 to 10.", tooHigh.Errors["Scores[0].Score"]);
        var incomplete = await scoring([new CriterionScore(criteria[0].Key, 8, null, false)], true);
        Assert.Equal($"{criteria[0].Name} needs a comment.", incomplete.Errors["Scores[0].Comment"]);
        Assert.Equal($"Score {criteria[1].Name} before submitting.", incomplete.Errors["Scores[1].Score"]);

        // The criteria are locked by the first saved score.
        var locked = await fixture.InScopeAsync(s => s.GetRequiredService<JudgingSetups>().SaveAsync(_cycles[category].Id, criteria.Take(2).ToList(), false, false));
        Assert.Equal(JudgingOperationStatus.WrongState, locked.Status);

        // Before submitting, the other judges' sheets are hidden even when submitted.
        var otherKey = await AssignmentKeyAsync(entry.Id, other.Id);
        Assert.True((await fixture.InScopeAsync(s => s.GetRequiredService<ScoringService>().SaveAsync(other.Id, otherKey, AllScores(9), true, null, "olive"))).Succeeded);
        Assert.Empty((await fixture.InScopeAsync(s => s.GetRequiredService<ScoringService>().OpenAsync(judge.Id, key)))!.OtherSheets);

        Assert.True((await scoring(AllScores(8), true)).Succeeded);
        var opened = await fixture.InScopeAsync(s => s.GetRequiredService<ScoringService>().OpenAsync(judge.Id, key));
        Assert.True(opened!.Sheet!.IsSubmitted);
        Assert.Single(opened.OtherSheets);
        Assert.Equal(JudgingOperationStatus.WrongState, (await scoring(AllScores(2), false)).Status);

        // The first criterion went empty → 6 → 8; each step is a row, never an overwrite.
        var history = opened.Sheet.Changes.Where(c => c.CriterionKey == criteria[0].Key).OrderBy(c => c.Id).Select(c => (c.OldScore, c.NewScore)).ToList();
        Assert.Equal([(null, 6), (6, 8)], history);

        // Another judge opening this assignment finds nothing.
        Assert.Null(await fixture.InScopeAsync(s => s.GetRequiredService<ScoringService>().OpenAsync(other.Id, key)));

        // Reopening: not by a judge who does not lead the panel; by staff with a reason, kept in the history and the audit log.
        Assert.Equal(JudgingOperationStatus.NotFound, (await fixture.InScopeAsync(s => s.GetRequiredService<ScoringService>().ReopenAsync(key, "typo", false, other.Id, "olive"))).Status);
        Assert.Equal(JudgingOperationStatus.Invalid, (await fixture.InScopeAsync(s => s.GetRequiredService<ScoringService>().ReopenAsync(key, " ", true, null, "staff"))).Status);
        Assert.True((await fixture.InScopeAsync(s => s.GetRequiredService<ScoringService>().ReopenAsync(key, "Typo in the second score", true, null, "staff"))).Succeeded);
        var reopened = await fixture.InScopeAsync(s => s.GetRequiredService<ScoringService>().OpenAsync(judge.Id, key));
        Assert.False(reopened!.Sheet!.IsSubmitted);
        Assert.Contains(reopened.Sheet.Changes, c => c.Reason == "Reopened: Typo in the second score");
        var audit = await fixture.InScopeAsync(s => s.GetRequiredService<AwardsDbContext>().Nominations.SingleAsync(n => n.Id == entry.Id));
        Assert.Equal(["Judge assigned", "Judge assigned", "Scores submitted", "Scores submitted", "Scores reopened"], audit.Events.Skip(6).Select(e => e.Action));
    }

    [Fact]
    public async Task A_declared_conflict_needs_a_reason_takes_the_entry_off_the_list_and_its_scores_stop_counting()
    {
        var category = await CategoryAsync();
        var (_, entry) = await SubmittedEntryAsync(category, "Conflicted Co");
        var judges = new[] { await JudgeAsync("K One"), await JudgeAsync("K Two"), await JudgeAsync("K Three") };
        var panel = await PanelAsync(category, 2, null, judges);
        Assert.True((await fixture.InScopeAsync(s => s.GetRequiredService<PanelService>().ApplyPlanAsync(panel.Key, "staff"))).Succeeded);
        var assigned = await fixture.InScopeAsync(s => s.GetRequiredService<AwardsDbContext>().JudgeAssignments.Where(a => a.NominationId == entry.Id).ToListAsync());
        var recusing = judges.First(j => assigned.Any(a => a.JudgeId == j.Id));
        var key = assigned.Single(a => a.JudgeId == recusing.Id).Key;
        Assert.True((await fixture.InScopeAsync(s => s.GetRequiredService<ScoringService>().SaveAsync(recusing.Id, key, AllScores(1), true, null, "k"))).Succeeded);

        var blank = await fixture.InScopeAsync(s => s.GetRequiredService<ScoringService>().DeclareConflictAsync(recusing.Id, key, "\u200B ", "k"));
        Assert.Equal(JudgingOperationStatus.Invalid, blank.Status);
        Assert.True((await fixture.InScopeAsync(s => s.GetRequiredService<ScoringService>().DeclareConflictAsync(recusing.Id, key, "A client of my employer", "k"))).Succeeded);

        Assert.DoesNotContain(await fixture.InScopeAsync(s => s.GetRequiredService<ScoringService>().EntriesAsync(recusing.Id)), e => e.AssignmentKey == key);
        Assert.Null(await fixture.InScopeAsync(s => s.GetRequiredService<ScoringService>().OpenAsync(recusing.Id, key)));
        var results = await fixture.InScopeAsync(s => s.GetRequiredService<ResultsService>().ForPanelAsync(panel.Key, forJudge: false));
        var row = results!.Rows.Single(r => r.Scores.NominationId == entry.Id);
        Assert.Equal((0, 1), (row.Scores.Sheets, row.Scores.Recusals));

        // Automatic assignment fills the gap with the third judge, never the recused one.
        var plan = await fixture.InScopeAsync(s => s.GetRequiredService<PanelService>().PlanAsync(panel.Key));
        var filled = Assert.Single(plan!.Add);
        Assert.NotEqual(recusing.Id, filled.JudgeId);
    }

    [Fact]
    public async Task Under_blind_judging_a_judge_sees_neither_the_name_nor_the_name_in_the_story()
    {
        var category = await CategoryAsync();
        var (_, entry) = await SubmittedEntryAsync(category, "Hidden Care Co");
        var judge = await JudgeAsync("Bea Blind");
        var panel = await PanelAsync(category, 1, null, judge);
        Assert.True((await fixture.InScopeAsync(s => s.GetRequiredService<PanelService>().ApplyPlanAsync(panel.Key, "staff"))).Succeeded);
        Assert.True((await fixture.InScopeAsync(s => s.GetRequiredService<JudgingSetups>().SaveAsync(_cycles[category].Id, null, blindJudging: true, entrantFeedback: false))).Succeeded);
        var key = await AssignmentKeyAsync(entry.Id, judge.Id);

        var opened = (await fixture.InScopeAsync(s => s.GetRequiredService<ScoringService>().OpenAsync(judge.Id, key)))!;
        Assert.Equal($"Entry {entry.Id}", opened.EntryName);
        Assert.DoesNotContain("hidden care", (opened.Story.Text + opened.Overview + opened.Masked("Ask Hidden Care Co.")).ToLowerInvariant());
        Assert.Contains(ScoringService.MaskedName, opened.Story.Text);
        Assert.Equal($"Entry {entry.Id}", Assert.Single(await fixture.InScopeAsync(s => s.GetRequiredService<ScoringService>().EntriesAsync(judge.Id))).EntryName);
    }

    [Fact]
    public async Task Under_blind_judging_the_lead_judges_results_name_entries_as_the_judges_list_does_and_staff_still_see_the_names()
    {
        var category = await CategoryAsync();
        var (_, entry) = await SubmittedEntryAsync(category, "Masked Results Co");
        var lead = await JudgeAsync("Lee Lead");
        var panel = await PanelAsync(category, 1, lead.Id, lead);
        Assert.True((await fixture.InScopeAsync(s => s.GetRequiredService<PanelService>().ApplyPlanAsync(panel.Key, "staff"))).Succeeded);
        Assert.True((await fixture.InScopeAsync(s => s.GetRequiredService<JudgingSetups>().SaveAsync(_cycles[category].Id, null, blindJudging: true, entrantFeedback: false))).Succeeded);

        var forJudge = (await fixture.InScopeAsync(s => s.GetRequiredService<ResultsService>().ForPanelAsync(panel.Key, forJudge: true)))!;
        var listed = Assert.Single(await fixture.InScopeAsync(s => s.GetRequiredService<ScoringService>().EntriesAsync(lead.Id)));
        Assert.Equal(listed.EntryName, Assert.Single(forJudge.Rows).EntryName);
        Assert.DoesNotContain("masked results", string.Join(",", ResultsService.ToTable(forJudge).Rows.SelectMany(r => r.Select(c => c.Text))).ToLowerInvariant());

        var forStaff = (await fixture.InScopeAsync(s => s.GetRequiredService<ResultsService>().ForPanelAsync(panel.Key, forJudge: false)))!;
        Assert.Equal("Masked Results Co", Assert.Single(forStaff.Rows).EntryName);

        // Without blind judging the lead judge reads the names too.
        Assert.True((await fixture.InScopeAsync(s => s.GetRequiredService<JudgingSetups>().SaveAsync(_cycles[category].Id, null, blindJudging: false, entrantFeedback: false))).Succeeded);
        var open = (await fixture.InScopeAsync(s => s.GetRequiredService<ResultsService>().ForPanelAsync(panel.Key, forJudge: true)))!;
        Assert.Equal("Masked Results Co", Assert.Single(open.Rows).EntryName);
        Assert.Equal(entry.Id, open.Rows[0].Scores.NominationId);
    }

    [Fact]
    public void Blind_judging_hides_the_organizations_name_in_any_case_from_the_story()
    {
        var masked = ScoringService.Mask("Acme Care answers fast. ACME CARE's team; acme care.", "Acme Care");
        Assert.Equal("[the organization] answers fast. [the organization]'s team; [the organization].", masked);
        Assert.Equal("Nothing to hide.", ScoringService.Mask("Nothing to hide.", " "));
    }

    [Fact]
    public async Task Exactly_one_winner_per_category_even_when_two_staff_declare_at_the_same_moment()
    {
        var category = await CategoryAsync();
        var (_, first) = await SubmittedEntryAsync(category, "Winner One");
        var (_, second) = await SubmittedEntryAsync(category, "Winner Two");
        var panel = await PanelAsync(category, 1, null, await JudgeAsync("W Judge"));

        var noNote = await fixture.InScopeAsync(s => s.GetRequiredService<ResultsService>().DeclareAsync(panel.Key, null, "", "staff"));
        Assert.Equal("Say why there is no award this year.", noNote.Errors["Note"]);

        var results = await Task.WhenAll(
            fixture.InScopeAsync(s => s.GetRequiredService<ResultsService>().DeclareAsync(panel.Key, first.Key, "Best data.", "staff-a")),
            fixture.InScopeAsync(s => s.GetRequiredService<ResultsService>().DeclareAsync(panel.Key, second.Key, "Best story.", "staff-b")),
            fixture.InScopeAsync(s => s.GetRequiredService<ResultsService>().DeclareAsync(panel.Key, null, "Not this year.", "staff-c")));
        Assert.Single(results, r => r.Succeeded);
        Assert.All(results.Where(r => !r.Succeeded), r => Assert.Equal(JudgingOperationStatus.WrongState, r.Status));

        await fixture.InScopeAsync(async s =>
        {
            var db = s.GetRequiredService<AwardsDbContext>();
            var decision = await db.WinnerDecisions.SingleAsync(d => d.CategoryKey == category);
            var awarded = await db.Nominations.Where(n => n.CategoryKey == category && n.AwardedUtc != null).Select(n => n.Id).ToListAsync();
            Assert.Equal(decision.NominationId is { } w ? [w] : [], awarded);
            if (decision.NominationId is not null)
            {
                Assert.Equal("Winner declared", (await db.Nominations.SingleAsync(n => n.Id == decision.NominationId)).Events[^1].Action);
            }

            return 0;
        });
    }

    [Fact]
    public async Task Entrants_learn_the_outcome_at_the_announcement_time_and_not_before_with_the_shareable_feedback_only()
    {
        var category = await CategoryAsync();
        var cycle = _cycles[category];
        var (_, winner) = await SubmittedEntryAsync(category, "Announced Winner");
        var (_, other) = await SubmittedEntryAsync(category, "Announced Other");
        var judge = await JudgeAsync("Fay Feedback");
        var panel = await PanelAsync(category, 1, null, judge);
        Assert.True((await fixture.InScopeAsync(s => s.GetRequiredService<PanelService>().ApplyPlanAsync(panel.Key, "staff"))).Succeeded);
        var criteria = JudgingSetup.DefaultCriteria();
        IReadOnlyList<CriterionScore> scores = [.. criteria.Select((c, i) => new CriterionScore(c.Key, 7, i == 0 ? "Shared with you." : "Only for the panel.", Shareable: i == 0))];
        var key = await AssignmentKeyAsync(winner.Id, judge.Id);
        Assert.True((await fixture.InScopeAsync(s => s.GetRequiredService<ScoringService>().SaveAsync(judge.Id, key, scores, true, null, "fay"))).Succeeded);
        Assert.True((await fixture.InScopeAsync(s => s.GetRequiredService<JudgingSetups>().SaveAsync(cycle.Id, null, blindJudging: false, entrantFeedback: true))).Succeeded);
        Assert.True((await fixture.InScopeAsync(s => s.GetRequiredService<ResultsService>().DeclareAsync(panel.Key, winner.Key, null, "staff"))).Succeeded);

        // Before the announcement time: nothing is announced and the portal shows no outcome.
        if (fixture.Clock.GetUtcNow() < cycle.Dates.WinnersAnnouncedByUtc.AddMinutes(-1))
        {
            fixture.Clock.SetUtcNow(cycle.Dates.WinnersAnnouncedByUtc.AddMinutes(-1));
        }

        Assert.Equal(0, await fixture.InScopeAsync(s => s.GetRequiredService<ResultsService>().AnnounceDueAsync()));
        Assert.Null(await fixture.InScopeAsync(async s => await s.GetRequiredService<ResultsService>().OutcomeAsync(
            await s.GetRequiredService<AwardsDbContext>().Nominations.SingleAsync(n => n.Id == winner.Id))));

        // A webhook for the package's event: told in the announcement's own transaction, once.
        var hook = await fixture.InScopeAsync(async s => (await s.GetRequiredService<WebhookService>().CreateAsync(
            new WebhookEdit("Firm website", "https://example.org/hooks/awards", ["winner.announced"]), "admin")).Value!.Webhook);
        Assert.NotNull(hook);

        fixture.Clock.SetUtcNow(cycle.Dates.WinnersAnnouncedByUtc);
        Assert.True(await fixture.InScopeAsync(s => s.GetRequiredService<ResultsService>().AnnounceDueAsync()) >= 1);
        Assert.Equal(0, await fixture.InScopeAsync(s => s.GetRequiredService<ResultsService>().AnnounceDueAsync()));

        var announcements = await fixture.InScopeAsync(s => s.GetRequiredService<CmsDbContext>().Set<WebhookDelivery>().AsNoTracking()
            .Where(d => d.WebhookId == hook.Id).ToListAsync());
        var announced = Assert.Single(announcements, d => d.Payload.Contains(category.ToString(), StringComparison.Ordinal));
        Assert.Equal("winner.announced", announced.Event);
        Assert.Equal(WebhookDeliveryStatus.Pending, announced.Status);
        Assert.Contains($"\"cycleYear\":{cycle.Year}", announced.Payload, StringComparison.Ordinal);

        // No consent to publish yet: the winner's name stays out of what leaves the site.
        Assert.Contains("\"organization\":null", announced.Payload, StringComparison.Ordinal);

        await fixture.InScopeAsync(async s =>
        {
            var db = s.GetRequiredService<AwardsDbContext>();
            var results = s.GetRequiredService<ResultsService>();
            var won = await results.OutcomeAsync(await db.Nominations.SingleAsync(n => n.Id == winner.Id));
            var lost = await results.OutcomeAsync(await db.Nominations.SingleAsync(n => n.Id == other.Id));
            Assert.True(won!.Won);
            Assert.False(lost!.Won);
            Assert.Equal(7, won.Lines[0].Average);
            Assert.Equal(["Shared with you."], won.Lines[0].Comments);
            Assert.Empty(won.Lines[1].Comments);
            Assert.Empty(lost.Lines);
            Assert.Equal("Outcome announced", (await db.Nominations.SingleAsync(n => n.Id == other.Id)).Events[^1].Action);
            return 0;
        });
    }
}
