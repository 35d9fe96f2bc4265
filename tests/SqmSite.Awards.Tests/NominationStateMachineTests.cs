using SqmSite.Awards.Cycles;
using SqmSite.Awards.Nominations;

namespace SqmSite.Awards.Tests;

/// <summary>The rules of DOMAIN.md on the nomination state machine, with the clock given explicitly.</summary>
public sealed class NominationStateMachineTests
{
    private static readonly Guid EmailChannel = Guid.NewGuid();
    private static readonly Guid Closed = Guid.NewGuid();

    // The 2019/20 example moved to 2027/28, in New York time.
    internal static AwardCycle Cycle()
    {
        var zone = TimeZoneInfo.FindSystemTimeZoneById("America/New_York");
        DateTime At(int y, int m, int d, int h = 23, int min = 59) => TimeZoneInfo.ConvertTimeToUtc(new DateTime(y, m, d, h, min, 0), zone);
        var dates = new CycleDates(At(2026, 11, 2, 9, 0), At(2027, 9, 30), At(2027, 10, 18), At(2027, 10, 18, 9, 0), At(2027, 11, 29, 17, 0),
            At(2027, 12, 6, 17, 0), At(2027, 12, 20), At(2028, 2, 15, 17, 0), At(2028, 4, 28, 18, 0), At(2028, 4, 30, 14, 0));
        return new AwardCycle("2027/28 CX Best Practice Awards", 2027, "America/New_York", dates, [EmailChannel]);
    }

    private static readonly DateTime DuringApplications = new(2027, 3, 1, 12, 0, 0, DateTimeKind.Utc);

    internal static Nomination Applied(AwardCycle cycle, string overview = "Our email team answers every message completely, the first time.")
    {
        var (nomination, result) = Nomination.Apply(cycle, 1, EmailChannel, "Email Channel", overview, false, "nominee@example.org", DuringApplications);
        Assert.True(result.Succeeded, result.Message);
        return nomination!;
    }

    internal static StoryDraft CompleteStory(AwardCycle cycle, MeasuredBy csatBy = MeasuredBy.Customer) => new(
        "How our email practice works, and what it changed.", "Dedicated email CSRs", "Quality loop", "Templates",
        [
            .. cycle.RatingsYears.Select(y => new RatingRow(RatingMetric.Fcr, y, 78, 1200, "Post-contact survey", MeasuredBy.Customer)),
            .. cycle.RatingsYears.Select(y => new RatingRow(RatingMetric.Csat, y, 88, 900, "Post-contact survey", csatBy)),
        ]);

    /// <summary>A finalist whose decision has been released, on the day after the notification date.</summary>
    internal static (Nomination Nomination, DateTime Now) ReleasedFinalist(AwardCycle cycle)
    {
        var n = Applied(cycle);
        Assert.True(n.SubmitChecklist(cycle, Guid.NewGuid(), "nominee", new DateTime(2027, 10, 1, 0, 0, 0, DateTimeKind.Utc)).Succeeded);
        Assert.True(n.ReviewChecklist(true, null, "staff", new DateTime(2027, 10, 20, 0, 0, 0, DateTimeKind.Utc)).Succeeded);
        Assert.True(n.DecideFinalist(true, "staff", new DateTime(2027, 12, 1, 0, 0, 0, DateTimeKind.Utc)).Succeeded);
        var released = cycle.Dates.FinalistsNotifiedByUtc.AddHours(1);
        Assert.True(n.ReleaseDecision(cycle, "staff", released).Succeeded);
        return (n, released.AddDays(1));
    }

    [Fact]
    public void Applying_records_the_state_and_the_audit_line()
    {
        var n = Applied(Cycle());
        Assert.Equal(NominationState.Applied, n.State);
        var e = Assert.Single(n.Events);
        Assert.Equal((null, NominationState.Applied, "nominee@example.org"), (e.From, e.To, e.Actor));
    }

    [Theory]
    [InlineData(1000, true)]
    [InlineData(1001, false)]
    public void The_overview_may_have_at_most_1000_characters_as_a_person_counts_them(int length, bool accepted)
    {
        // "é" written as e + combining accent is two UTF-16 units but one character to a reader.
        var overview = string.Concat(Enumerable.Repeat("e\u0301", length));
        var (_, result) = Nomination.Apply(Cycle(), 1, EmailChannel, "Email Channel", overview, false, "n", DuringApplications);
        Assert.Equal(accepted, result.Succeeded);
        if (!accepted)
        {
            Assert.Equal($"The overview may have at most 1,000 characters; it has {length:N0}.", result.Errors["Overview"]);
        }
    }

    [Fact]
    public void Applications_are_refused_before_opening_after_closing_and_in_closed_categories()
    {
        var cycle = Cycle();
        Assert.Equal(NominationOperationStatus.NotOpenYet,
            Nomination.Apply(cycle, 1, EmailChannel, "Email Channel", "x", false, "n", cycle.Dates.ApplicationsOpenUtc.AddMinutes(-1)).Result.Status);
        var late = Nomination.Apply(cycle, 1, EmailChannel, "Email Channel", "x", false, "n", cycle.Dates.ApplicationsCloseUtc).Result;
        Assert.Equal(NominationOperationStatus.DeadlinePassed, late.Status);
        Assert.Equal("Applications closed on September 30, 2027, 11:59 PM Eastern Time.", late.Message);
        Assert.Equal(NominationOperationStatus.CategoryNotOpen, Nomination.Apply(cycle, 1, Closed, "Other", "x", false, "n", DuringApplications).Result.Status);
        Assert.Equal(NominationOperationStatus.ValidationFailed, Nomination.Apply(cycle, 1, EmailChannel, "Email Channel", "   ", false, "n", DuringApplications).Result.Status);
    }

    [Fact]
    public void The_checklist_is_refused_after_its_date_unless_staff_extended_it_for_this_nomination()
    {
        var cycle = Cycle();
        var n = Applied(cycle);
        var late = cycle.Dates.ChecklistDueUtc.AddHours(2);
        Assert.Equal(NominationOperationStatus.DeadlinePassed, n.SubmitChecklist(cycle, Guid.NewGuid(), "n", late).Status);

        Assert.True(n.ExtendDeadline(cycle, late.AddDays(2), "Phone outage", "staff", late).Succeeded);
        Assert.True(n.SubmitChecklist(cycle, Guid.NewGuid(), "n", late.AddDays(1)).Succeeded);
        Assert.Equal(NominationState.ChecklistSubmitted, n.State);
    }

    [Fact]
    public void Extending_a_deadline_needs_a_reason_of_at_most_1000_characters_and_a_date_after_the_steps_own()
    {
        var cycle = Cycle();
        var n = Applied(cycle);
        var now = cycle.Dates.ChecklistDueUtc.AddHours(-1);
        var until = cycle.Dates.ChecklistDueUtc.AddDays(5);

        var missing = n.ExtendDeadline(cycle, until, "  ", "staff", now);
        Assert.Equal("Say why the deadline is extended; the nominee sees the reason.", missing.Errors["Reason"]);
        var tooLong = n.ExtendDeadline(cycle, until, string.Concat(Enumerable.Repeat("e\u0301", 1001)), "staff", now);
        Assert.Equal("The reason may have at most 1,000 characters; it has 1,001.", tooLong.Errors["Reason"]);
        var early = n.ExtendDeadline(cycle, cycle.Dates.ChecklistDueUtc.AddMinutes(-30), "Phone outage", "staff", now);
        Assert.StartsWith("The new deadline must be after the step's own deadline, October 18, 2027", early.Errors["Until"]);
        Assert.Null(n.DeadlineExtendedUntilUtc);
        Assert.Null(n.DeadlineExtensionReason);
        Assert.Single(n.Events);

        Assert.True(n.ExtendDeadline(cycle, until, string.Concat(Enumerable.Repeat("e\u0301", 1000)), "staff", now).Succeeded);
        Assert.True(n.ExtendDeadline(cycle, until, "  Your phones were down for a week.  ", "staff", now).Succeeded);
        Assert.Equal((until, "Your phones were down for a week."), (n.DeadlineExtendedUntilUtc!.Value, n.DeadlineExtensionReason));
        Assert.Equal((until, "Your phones were down for a week."), n.VisibleExtension!.Value);
        Assert.Equal("Your phones were down for a week.", n.Events[^1].Reason);

        // Submitting the checklist closes the step: the extension and its reason go together.
        Assert.True(n.SubmitChecklist(cycle, Guid.NewGuid(), "n", cycle.Dates.ChecklistDueUtc.AddDays(1)).Succeeded);
        Assert.Null(n.DeadlineExtendedUntilUtc);
        Assert.Null(n.DeadlineExtensionReason);
        Assert.Null(n.VisibleExtension);
    }

    [Fact]
    public void A_checklist_extension_does_not_reopen_the_application_overview()
    {
        var cycle = Cycle();
        var n = Applied(cycle);
        var afterClose = cycle.Dates.ApplicationsCloseUtc.AddDays(1);
        Assert.True(n.ExtendDeadline(cycle, cycle.Dates.ChecklistDueUtc.AddDays(7), "Phone outage", "staff", afterClose).Succeeded);
        var refused = n.UpdateOverview(cycle, "A new overview", "n", afterClose);
        Assert.Equal(NominationOperationStatus.DeadlinePassed, refused.Status);
        Assert.StartsWith("Applications closed on September 30, 2027", refused.Message);
    }

    [Fact]
    public void A_story_extension_waits_for_the_released_decision_and_is_cleared_on_submit_and_on_withdrawal()
    {
        var cycle = Cycle();
        var unreleased = Applied(cycle);
        Assert.True(unreleased.SubmitChecklist(cycle, Guid.NewGuid(), "n", new DateTime(2027, 10, 1, 0, 0, 0, DateTimeKind.Utc)).Succeeded);
        Assert.True(unreleased.ReviewChecklist(true, null, "staff", new DateTime(2027, 10, 20, 0, 0, 0, DateTimeKind.Utc)).Succeeded);
        Assert.True(unreleased.DecideFinalist(true, "staff", new DateTime(2027, 12, 1, 0, 0, 0, DateTimeKind.Utc)).Succeeded);
        Assert.Equal(NominationOperationStatus.DecisionNotReleased,
            unreleased.ExtendDeadline(cycle, cycle.Dates.StoriesDueUtc.AddDays(3), "Holidays", "staff", new DateTime(2027, 12, 2, 0, 0, 0, DateTimeKind.Utc)).Status);

        var (n, now) = ReleasedFinalist(cycle);
        Assert.True(n.ExtendDeadline(cycle, cycle.Dates.StoriesDueUtc.AddDays(3), "Holidays", "staff", now).Succeeded);
        Assert.True(n.SubmitStory(cycle, CompleteStory(cycle), "n", cycle.Dates.StoriesDueUtc.AddDays(1)).Succeeded);
        Assert.Equal((null, null), (n.DeadlineExtendedUntilUtc, n.DeadlineExtensionReason));

        // Reopening sets a new deadline with its reason; withdrawing clears both.
        var later = cycle.Dates.StoriesDueUtc.AddDays(4);
        Assert.True(n.ReopenStory("Please add the sample sizes.", later.AddDays(2), "staff", later).Succeeded);
        Assert.Equal((later.AddDays(2), "Please add the sample sizes."), (n.DeadlineExtendedUntilUtc!.Value, n.DeadlineExtensionReason));
        Assert.True(n.Withdraw(null, "n", later).Succeeded);
        Assert.Equal((null, null), (n.DeadlineExtendedUntilUtc, n.DeadlineExtensionReason));
    }

    [Fact]
    public void Not_eligible_needs_a_reason_that_is_kept_for_the_nominee()
    {
        var cycle = Cycle();
        var n = Applied(cycle);
        n.SubmitChecklist(cycle, Guid.NewGuid(), "n", DuringApplications);
        Assert.Equal(NominationOperationStatus.ValidationFailed, n.ReviewChecklist(false, " ", "staff", DuringApplications).Status);
        Assert.True(n.ReviewChecklist(false, "The practice has run for less than a year.", "staff", DuringApplications).Succeeded);
        Assert.Equal(NominationState.NotEligible, n.State);
        Assert.Equal("The practice has run for less than a year.", n.EligibilityReason);
        Assert.Equal("The practice has run for less than a year.", n.Events[^1].Reason);
    }

    [Fact]
    public void Interviews_must_fall_inside_the_window()
    {
        var cycle = Cycle();
        var n = Applied(cycle);
        n.SubmitChecklist(cycle, Guid.NewGuid(), "n", DuringApplications);
        n.ReviewChecklist(true, null, "staff", DuringApplications);
        Assert.Equal(NominationOperationStatus.OutsideInterviewWindow,
            n.ScheduleInterview(cycle, cycle.Dates.InterviewsEndUtc.AddDays(1), "Pat", null, "staff", DuringApplications).Status);
        Assert.True(n.ScheduleInterview(cycle, cycle.Dates.InterviewsStartUtc.AddDays(3), "Pat", "Strong data", "staff", DuringApplications).Succeeded);
        Assert.Equal("Strong data", n.InterviewNotes);
    }

    [Fact]
    public void A_finalist_decision_stays_hidden_until_released_on_or_after_the_notification_date()
    {
        var cycle = Cycle();
        var n = Applied(cycle);
        n.SubmitChecklist(cycle, Guid.NewGuid(), "n", DuringApplications);
        n.ReviewChecklist(true, null, "staff", DuringApplications);
        Assert.True(n.DecideFinalist(false, "staff", DuringApplications).Succeeded);
        Assert.True(n.DecideFinalist(true, "staff", DuringApplications).Succeeded);
        Assert.Equal(NominationState.Eligible, n.VisibleState);

        Assert.Equal(NominationOperationStatus.TooEarlyToRelease, n.ReleaseDecision(cycle, "staff", cycle.Dates.FinalistsNotifiedByUtc.AddMinutes(-1)).Status);
        Assert.True(n.ReleaseDecision(cycle, "staff", cycle.Dates.FinalistsNotifiedByUtc).Succeeded);
        Assert.Equal(NominationState.Finalist, n.VisibleState);
        Assert.Equal(NominationOperationStatus.WrongState, n.DecideFinalist(false, "staff", cycle.Dates.FinalistsNotifiedByUtc).Status);
    }

    [Fact]
    public void Only_a_released_finalist_writes_a_story()
    {
        var cycle = Cycle();
        var n = Applied(cycle);
        Assert.Equal(NominationOperationStatus.NotAFinalist, n.SaveStoryDraft(cycle, CompleteStory(cycle), "n", DuringApplications).Status);
        n.SubmitChecklist(cycle, Guid.NewGuid(), "n", DuringApplications);
        n.ReviewChecklist(true, null, "staff", DuringApplications);
        n.DecideFinalist(true, "staff", DuringApplications);
        Assert.Equal(NominationOperationStatus.DecisionNotReleased, n.SaveStoryDraft(cycle, CompleteStory(cycle), "n", DuringApplications).Status);
    }

    [Fact]
    public void A_story_needs_fcr_and_csat_for_both_ratings_years_with_sample_and_method()
    {
        var cycle = Cycle();
        var (n, now) = ReleasedFinalist(cycle);
        Assert.Equal([2025, 2026], cycle.RatingsYears);

        var missing = new StoryDraft("Story", "People", null, null, [new RatingRow(RatingMetric.Fcr, 2025, 70, 100, "Survey", MeasuredBy.Customer)]);
        var result = n.SubmitStory(cycle, missing, "n", now);
        Assert.Equal(NominationOperationStatus.ValidationFailed, result.Status);
        Assert.Equal(["Rating-Csat-2025", "Rating-Csat-2026", "Rating-Fcr-2026"], result.Errors.Keys.Order());

        // A draft may be incomplete.
        Assert.True(n.SaveStoryDraft(cycle, missing, "n", now).Succeeded);
        Assert.Equal(NominationState.Finalist, n.State);
    }

    [Fact]
    public void Csat_measured_by_the_organization_and_non_positive_samples_are_refused()
    {
        var cycle = Cycle();
        var (n, now) = ReleasedFinalist(cycle);
        var byOrganization = n.SubmitStory(cycle, CompleteStory(cycle, MeasuredBy.Organization), "n", now);
        Assert.Equal("Csat must be measured by the customer (2025).", byOrganization.Errors["Rating-Csat-2025"]);

        var zero = CompleteStory(cycle) with { Ratings = [.. CompleteStory(cycle).Ratings.Select(r => r with { SampleSize = r.Metric == RatingMetric.Fcr ? 0 : r.SampleSize })] };
        Assert.Equal("The sample size of FCR 2025 must be more than zero.", n.SubmitStory(cycle, zero, "n", now).Errors["Rating-Fcr-2025"]);

        // A draft keeps what was typed, and names the rule it does not meet yet.
        var negative = CompleteStory(cycle) with { Ratings = [.. CompleteStory(cycle).Ratings.Select(r => r with { SampleSize = -5 })] };
        var kept = n.SaveStoryDraft(cycle, negative, "n", now);
        Assert.True(kept.Succeeded);
        Assert.Equal("The sample size of FCR 2025 must be more than zero.", kept.Errors["Rating-Fcr-2025"]);
        Assert.All(n.Story.Ratings, r => Assert.Equal(-5, r.SampleSize));
        Assert.Equal(NominationOperationStatus.ValidationFailed, n.SubmitStory(cycle, negative, "n", now).Status);
    }

    [Fact]
    public void An_over_long_story_is_kept_as_a_draft_with_its_rule_and_only_text_far_past_the_limit_is_refused()
    {
        var cycle = Cycle();
        var (n, now) = ReleasedFinalist(cycle);
        Assert.True(n.SaveStoryDraft(cycle, CompleteStory(cycle), "n", now).Succeeded);

        var tooLong = CompleteStory(cycle) with { Text = new string('x', 50_001) };
        var result = n.SaveStoryDraft(cycle, tooLong, "n", now.AddMinutes(1));
        Assert.True(result.Succeeded);
        Assert.Equal("The story may have at most 50,000 characters; it has 50,001.", result.Errors["Text"]);
        Assert.Equal(50_001, n.Story.Text.Length);
        Assert.Equal("The story may have at most 50,000 characters; it has 50,001.", n.SubmitStory(cycle, tooLong, "n", now).Errors["Text"]);

        var farTooLong = CompleteStory(cycle) with { Text = new string('x', 100_001) };
        Assert.Equal(NominationOperationStatus.ValidationFailed, n.SaveStoryDraft(cycle, farTooLong, "n", now).Status);
        Assert.Equal(50_001, n.Story.Text.Length);
        Assert.True(n.SaveStoryDraft(cycle, CompleteStory(cycle) with { Text = new string('x', 50_000) }, "n", now).Succeeded);
    }

    [Fact]
    public void A_submitted_story_is_read_only_until_staff_reopen_it()
    {
        var cycle = Cycle();
        var (n, now) = ReleasedFinalist(cycle);
        Assert.True(n.SubmitStory(cycle, CompleteStory(cycle), "n", now).Succeeded);
        Assert.Equal(NominationState.StorySubmitted, n.State);
        Assert.Equal(NominationOperationStatus.WrongState, n.SaveStoryDraft(cycle, CompleteStory(cycle), "n", now).Status);

        var afterDue = cycle.Dates.StoriesDueUtc.AddDays(1);
        Assert.True(n.ReopenStory("Please add the 2026 sample sizes.", afterDue.AddDays(3), "staff", afterDue).Succeeded);
        Assert.True(n.SaveStoryDraft(cycle, CompleteStory(cycle), "n", afterDue.AddDays(1)).Succeeded);
        Assert.Equal(NominationOperationStatus.DeadlinePassed, n.SaveStoryDraft(cycle, CompleteStory(cycle), "n", afterDue.AddDays(4)).Status);
    }

    [Fact]
    public void Stories_are_refused_after_the_due_date()
    {
        var cycle = Cycle();
        var (n, _) = ReleasedFinalist(cycle);
        Assert.Equal(NominationOperationStatus.DeadlinePassed, n.SubmitStory(cycle, CompleteStory(cycle), "n", cycle.Dates.StoriesDueUtc).Status);
    }

    [Fact]
    public void Withdrawal_is_possible_at_any_open_step_and_is_audited()
    {
        var cycle = Cycle();
        var (n, now) = ReleasedFinalist(cycle);
        Assert.True(n.Withdraw("Merger", "n", now).Succeeded);
        Assert.Equal(NominationState.Withdrawn, n.State);
        Assert.Equal(NominationOperationStatus.WrongState, n.Withdraw(null, "n", now).Status);
        Assert.Equal(["Applied", "Checklist submitted", "Checklist reviewed", "Finalist decision", "Decision released", "Withdrawn"],
            n.Events.Select(e => e.Action));
    }

    [Fact]
    public void Copy_to_next_year_moves_dates_by_a_year_in_local_time_and_the_ratings_years_along()
    {
        var cycle = Cycle();
        var next = cycle.CopyToNextYear();
        Assert.Equal(2028, next.Year);
        Assert.Equal("2027/28 CX Best Practice Awards".Replace("2027", "2028", StringComparison.Ordinal), next.Name);
        Assert.Equal([2026, 2027], next.RatingsYears);
        Assert.Equal(cycle.Local(cycle.Dates.ApplicationsCloseUtc).AddYears(1), next.Local(next.Dates.ApplicationsCloseUtc));
        Assert.Equal(cycle.CategoryKeys, next.CategoryKeys);
        Assert.Empty(next.Dates.Problems());
    }

    [Fact]
    public void Dates_out_of_order_are_reported()
    {
        var d = Cycle().Dates;
        var broken = d with { StoriesDueUtc = d.FinalistsNotifiedByUtc.AddDays(-1) };
        Assert.Contains("Finalists notified by must not be after stories due.", broken.Problems());
    }

    /// <summary>The steps the "can I?" queries say are open, in a fixed order, for the views' buttons.</summary>
    private static string[] Open(Nomination n) =>
    [
        .. new (string Name, bool Open)[]
        {
            ("overview", n.CanUpdateOverview), ("checklist", n.CanAnswerChecklist), ("review", n.CanReviewChecklist),
            ("interview", n.CanScheduleInterview), ("decide", n.CanDecideFinalist), ("release", n.CanReleaseDecision),
            ("reopen", n.CanReopenStory), ("extend", n.CanExtendDeadline), ("withdraw", n.CanWithdraw),
        }.Where(q => q.Open).Select(q => q.Name),
    ];

    [Fact]
    public void The_can_I_queries_open_each_step_in_its_state_only()
    {
        var cycle = Cycle();
        var n = Applied(cycle);
        Assert.Equal(["overview", "checklist", "extend", "withdraw"], Open(n));
        Assert.True(n.SubmitChecklist(cycle, Guid.NewGuid(), "n", DuringApplications).Succeeded);
        Assert.Equal(["review", "withdraw"], Open(n));
        Assert.True(n.ReviewChecklist(true, null, "staff", DuringApplications).Succeeded);
        Assert.Equal(["interview", "decide", "withdraw"], Open(n));
        Assert.True(n.DecideFinalist(true, "staff", DuringApplications).Succeeded);
        Assert.Equal(["decide", "release", "withdraw"], Open(n));
        Assert.True(n.ReleaseDecision(cycle, "staff", cycle.Dates.FinalistsNotifiedByUtc).Succeeded);
        Assert.Equal(["extend", "withdraw"], Open(n));
        Assert.True(n.SubmitStory(cycle, CompleteStory(cycle), "n", cycle.Dates.FinalistsNotifiedByUtc.AddHours(1)).Succeeded);
        Assert.Equal(["reopen", "withdraw"], Open(n));
        Assert.True(n.Withdraw(null, "n", cycle.Dates.FinalistsNotifiedByUtc.AddHours(2)).Succeeded);
        Assert.Empty(Open(n));

        var notEligible = Applied(cycle);
        notEligible.SubmitChecklist(cycle, Guid.NewGuid(), "n", DuringApplications);
        Assert.True(notEligible.ReviewChecklist(false, "Not a contact center practice.", "staff", DuringApplications).Succeeded);
        Assert.Empty(Open(notEligible));

        var notSelected = Applied(cycle);
        notSelected.SubmitChecklist(cycle, Guid.NewGuid(), "n", DuringApplications);
        notSelected.ReviewChecklist(true, null, "staff", DuringApplications);
        Assert.True(notSelected.DecideFinalist(false, "staff", DuringApplications).Succeeded);
        Assert.Equal(["decide", "release"], Open(notSelected));
        Assert.True(notSelected.ReleaseDecision(cycle, "staff", cycle.Dates.FinalistsNotifiedByUtc).Succeeded);
        Assert.Empty(Open(notSelected));
    }

    [Fact]
    public void A_step_the_queries_call_closed_is_refused_as_the_wrong_state()
    {
        var cycle = Cycle();
        var n = Applied(cycle);
        Assert.False(n.CanReviewChecklist);
        Assert.Equal(NominationOperationStatus.WrongState, n.ReviewChecklist(true, null, "staff", DuringApplications).Status);
        Assert.False(n.CanScheduleInterview);
        Assert.Equal(NominationOperationStatus.WrongState,
            n.ScheduleInterview(cycle, cycle.Dates.InterviewsStartUtc.AddHours(1), "Ivy", null, "staff", DuringApplications).Status);
        Assert.False(n.CanDecideFinalist);
        Assert.Equal(NominationOperationStatus.WrongState, n.DecideFinalist(true, "staff", DuringApplications).Status);
        Assert.False(n.CanReleaseDecision);
        Assert.Equal(NominationOperationStatus.WrongState, n.ReleaseDecision(cycle, "staff", cycle.Dates.FinalistsNotifiedByUtc).Status);
        Assert.False(n.CanReopenStory);
        Assert.Equal(NominationOperationStatus.WrongState, n.ReopenStory("More data.", cycle.Dates.StoriesDueUtc, "staff", DuringApplications).Status);

        // Open by state, the clock still decides: the overview locks when applications close.
        Assert.True(n.CanUpdateOverview);
        Assert.Equal(NominationOperationStatus.DeadlinePassed, n.UpdateOverview(cycle, "New words.", "n", cycle.Dates.ApplicationsCloseUtc).Status);
    }

    [Fact]
    public void A_story_is_judged_from_its_submission_until_it_wins_and_not_once_reopened_or_withdrawn()
    {
        var cycle = Cycle();
        var applied = Applied(cycle);
        Assert.False(applied.CanBeJudged);
        Assert.Equal(NominationOperationStatus.WrongState, applied.DeclareWinner(null, "staff", DuringApplications).Status);

        var (n, now) = ReleasedFinalist(cycle);
        Assert.False(n.CanBeJudged);
        Assert.Equal(NominationOperationStatus.WrongState, n.RecordOnsiteVisit(new DateOnly(2028, 1, 20), "Robin", null, "staff", now).Status);
        Assert.True(n.SubmitStory(cycle, CompleteStory(cycle), "n", now).Succeeded);
        Assert.True(n.CanBeJudged);
        Assert.True(n.RecordOnsiteVisit(new DateOnly(2028, 1, 20), "Robin", null, "staff", now).Succeeded);
        Assert.True(n.DeclareWinner("Strongest data.", "staff", now).Succeeded);
        Assert.False(n.CanBeJudged);
        Assert.Equal(NominationOperationStatus.WrongState, n.DeclareWinner(null, "staff", now).Status);

        // A reopened story leaves judging until it is submitted again; a withdrawn one for good.
        var (reopened, later) = ReleasedFinalist(cycle);
        Assert.True(reopened.SubmitStory(cycle, CompleteStory(cycle), "n", later).Succeeded);
        Assert.True(reopened.ReopenStory("Add the 2026 sample sizes.", cycle.Dates.StoriesDueUtc, "staff", later).Succeeded);
        Assert.False(reopened.CanBeJudged);
        Assert.True(reopened.SubmitStory(cycle, CompleteStory(cycle), "n", later).Succeeded);
        Assert.True(reopened.CanBeJudged);
        Assert.True(reopened.Withdraw(null, "n", later).Succeeded);
        Assert.False(reopened.CanBeJudged);
    }

    [Fact]
    public void Attachments_and_the_story_change_only_while_a_told_finalist_is_before_the_due_date()
    {
        var cycle = Cycle();
        var n = Applied(cycle);
        Assert.False(n.HasStory);
        Assert.Equal(NominationOperationStatus.NotAFinalist, n.CanChangeAttachments(cycle, DuringApplications).Status);
        n.SubmitChecklist(cycle, Guid.NewGuid(), "n", DuringApplications);
        n.ReviewChecklist(true, null, "staff", DuringApplications);
        n.DecideFinalist(true, "staff", DuringApplications);
        Assert.False(n.HasStory);
        Assert.Equal(NominationOperationStatus.DecisionNotReleased, n.CanChangeAttachments(cycle, DuringApplications).Status);

        var (told, now) = ReleasedFinalist(cycle);
        Assert.True(told.HasStory);
        Assert.True(told.CanChangeAttachments(cycle, now).Succeeded);
        Assert.True(told.CanEditStory(cycle, now).Succeeded);
        var late = told.CanChangeAttachments(cycle, cycle.Dates.StoriesDueUtc);
        Assert.Equal(NominationOperationStatus.DeadlinePassed, late.Status);
        Assert.StartsWith("Stories were due on", late.Message);
        Assert.Equal(late.Status, told.CanEditStory(cycle, cycle.Dates.StoriesDueUtc).Status);

        Assert.True(told.SubmitStory(cycle, CompleteStory(cycle), "n", now).Succeeded);
        Assert.True(told.HasStory);
        Assert.Equal(NominationOperationStatus.WrongState, told.CanChangeAttachments(cycle, now).Status);
        Assert.Equal(NominationOperationStatus.WrongState, told.CanEditStory(cycle, now).Status);

        // Reopened by staff with a later date, both open again until that date.
        var afterDue = cycle.Dates.StoriesDueUtc.AddDays(1);
        Assert.True(told.ReopenStory("Please add the 2026 sample sizes.", afterDue.AddDays(3), "staff", afterDue).Succeeded);
        Assert.True(told.CanChangeAttachments(cycle, afterDue.AddDays(1)).Succeeded);
        Assert.Equal(NominationOperationStatus.DeadlinePassed, told.CanChangeAttachments(cycle, afterDue.AddDays(4)).Status);
    }

    [Fact]
    public void The_release_rule_for_a_list_row_is_the_nominations_own()
    {
        var cycle = Cycle();
        var n = Applied(cycle);
        void Same() => Assert.Equal(n.CanReleaseDecision, Nomination.WaitsForRelease(n.State, n.DecisionReleasedUtc));
        Same();
        n.SubmitChecklist(cycle, Guid.NewGuid(), "n", DuringApplications);
        n.ReviewChecklist(true, null, "staff", DuringApplications);
        Same();
        Assert.True(n.DecideFinalist(false, "staff", DuringApplications).Succeeded);
        Same();
        Assert.True(n.CanReleaseDecision);
        Assert.True(n.ReleaseDecision(cycle, "staff", cycle.Dates.FinalistsNotifiedByUtc).Succeeded);
        Same();
        Assert.False(n.CanReleaseDecision);
    }

    [Fact]
    public void Each_step_records_its_kind_beside_the_audit_words_people_read()
    {
        var cycle = Cycle();
        var (n, now) = ReleasedFinalist(cycle);
        Assert.True(n.SubmitStory(cycle, CompleteStory(cycle), "n", now).Succeeded);
        var recorded = n.TakeRecordedEvents();
        Assert.Equal(
            [NominationEventKind.Applied, NominationEventKind.ChecklistSubmitted, NominationEventKind.ChecklistReviewed,
                NominationEventKind.FinalistDecided, NominationEventKind.DecisionReleased, NominationEventKind.StorySubmitted],
            recorded.Select(r => r.Kind));
        Assert.Equal(["Applied", "Checklist submitted", "Checklist reviewed", "Finalist decision", "Decision released", "Story submitted"],
            n.Events.Select(e => e.Action));
        Assert.Equal(Enumerable.Range(1, 6), recorded.Select(r => r.Number));
        Assert.Same(n.Events[^1], recorded[^1].Entry);

        // Taken once: a second step in the same unit of work hands on only its own event.
        Assert.Empty(n.TakeRecordedEvents());
        Assert.True(n.Withdraw(null, "n", now).Succeeded);
        Assert.Equal(NominationEventKind.Withdrawn, Assert.Single(n.TakeRecordedEvents()).Kind);
    }
}
