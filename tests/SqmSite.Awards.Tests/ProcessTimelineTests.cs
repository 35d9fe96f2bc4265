using Microsoft.Extensions.Time.Testing;
using SqmSite.Awards.Cycles;

namespace SqmSite.Awards.Tests;

public sealed class ProcessTimelineTests
{
    private const string NewYork = "America/New_York";

    // The seed cycle: wall-clock times in New York.
    private static readonly ProcessDates Cycle = new(
        ApplicationsOpen: new DateTime(2026, 11, 2, 9, 0, 0),
        ApplicationsClose: new DateTime(2027, 9, 30, 23, 59, 0),
        ChecklistDue: new DateTime(2027, 10, 18, 23, 59, 0),
        InterviewsStart: new DateTime(2027, 10, 18, 9, 0, 0),
        InterviewsEnd: new DateTime(2027, 11, 29, 17, 0, 0),
        FinalistsNotifiedBy: new DateTime(2027, 12, 6, 17, 0, 0),
        StoriesDue: new DateTime(2027, 12, 20, 23, 59, 0),
        WinnersAnnouncedBy: new DateTime(2028, 2, 15, 17, 0, 0),
        GalaStart: new DateTime(2028, 4, 28, 18, 0, 0),
        GalaEnd: new DateTime(2028, 4, 30, 14, 0, 0));

    [Fact]
    public void Before_applications_open_nothing_is_open_and_the_opening_is_counted_down()
    {
        var timeline = At(NewYorkTime(2026, 10, 31, 12, 0));

        Assert.Null(timeline.OpenStep);
        Assert.All(timeline.Steps, s => Assert.Equal(ProcessStepState.Upcoming, s.State));
        Assert.Equal("Applications open in 2 days", timeline.StatusMessage);
    }

    [Fact]
    public void On_the_opening_day_before_the_opening_time_applications_open_today()
    {
        var timeline = At(NewYorkTime(2026, 11, 2, 8, 0));

        Assert.Null(timeline.OpenStep);
        Assert.Equal("Applications open today", timeline.StatusMessage);
    }

    [Fact]
    public void During_the_application_window_the_first_step_is_open()
    {
        var timeline = At(NewYorkTime(2027, 9, 18, 10, 0));

        var open = Assert.IsType<ProcessStep>(timeline.OpenStep);
        Assert.Equal(ProcessStepKind.Application, open.Kind);
        Assert.Equal(1, open.Number);
        Assert.Equal([ProcessStepState.Open, ProcessStepState.Upcoming, ProcessStepState.Upcoming, ProcessStepState.Upcoming, ProcessStepState.Upcoming],
            timeline.Steps.Select(s => s.State));
        Assert.Equal("Applications close in 12 days", timeline.StatusMessage);
    }

    [Fact]
    public void The_day_before_the_deadline_says_in_1_day()
    {
        var timeline = At(NewYorkTime(2027, 9, 29, 23, 30));

        Assert.Equal("Applications close in 1 day", timeline.StatusMessage);
    }

    [Fact]
    public void On_the_last_day_the_deadline_is_today()
    {
        var timeline = At(NewYorkTime(2027, 9, 30, 8, 0));

        Assert.Equal(ProcessStepKind.Application, timeline.OpenStep?.Kind);
        Assert.Equal("Applications close today", timeline.StatusMessage);
    }

    [Fact]
    public void The_deadline_is_kept_in_the_cycle_time_zone_not_in_utc()
    {
        // 23:30 in New York on Sep 30 is already Oct 1, 03:30 UTC: still open, and still "today".
        var stillOpen = At(new DateTimeOffset(2027, 10, 1, 3, 30, 0, TimeSpan.Zero));
        Assert.Equal(ProcessStepKind.Application, stillOpen.OpenStep?.Kind);
        Assert.Equal("Applications close today", stillOpen.StatusMessage);

        // At 23:59 New York time (03:59 UTC, daylight saving time) the window is closed.
        var closed = At(new DateTimeOffset(2027, 10, 1, 3, 59, 0, TimeSpan.Zero));
        Assert.Equal(ProcessStepState.Done, closed.Steps[0].State);
        Assert.Equal(ProcessStepKind.EligibilityChecklist, closed.OpenStep?.Kind);
        Assert.Equal("Eligibility checklists are due in 18 days", closed.StatusMessage);
    }

    [Fact]
    public void When_interviews_start_on_the_checklist_deadline_the_checklist_stays_the_open_step()
    {
        var timeline = At(NewYorkTime(2027, 10, 18, 12, 0));

        Assert.Equal(ProcessStepKind.EligibilityChecklist, timeline.OpenStep?.Kind);
        Assert.Single(timeline.Steps, s => s.IsOpen);
        Assert.Equal("Eligibility checklists are due today", timeline.StatusMessage);
    }

    [Fact]
    public void Between_steps_nothing_is_open_and_the_next_start_is_counted_down()
    {
        var withGap = Cycle with { InterviewsStart = new DateTime(2027, 10, 25, 9, 0, 0) };
        var timeline = new ProcessTimeline(withGap, NewYork, Clock(NewYorkTime(2027, 10, 20, 12, 0)));

        Assert.Null(timeline.OpenStep);
        Assert.Equal([ProcessStepState.Done, ProcessStepState.Done, ProcessStepState.Upcoming, ProcessStepState.Upcoming, ProcessStepState.Upcoming],
            timeline.Steps.Select(s => s.State));
        Assert.False(timeline.AllStepsDone);
        Assert.Equal("Finalist interviews start in 5 days", timeline.StatusMessage);
    }

    [Fact]
    public void During_finalist_selection_the_notification_date_is_counted_down()
    {
        var timeline = At(NewYorkTime(2027, 11, 30, 9, 0));

        Assert.Equal(ProcessStepKind.FinalistSelection, timeline.OpenStep?.Kind);
        Assert.Equal("Finalists are notified in 6 days", timeline.StatusMessage);
    }

    [Fact]
    public void After_the_winners_are_announced_every_step_is_done_and_the_gala_is_next()
    {
        var timeline = At(NewYorkTime(2028, 3, 1, 12, 0));

        Assert.Null(timeline.OpenStep);
        Assert.True(timeline.AllStepsDone);
        Assert.Equal(ProcessStepState.Upcoming, timeline.GalaState);
        Assert.Equal("The conference and awards gala starts in 58 days", timeline.StatusMessage);
    }

    [Fact]
    public void After_the_gala_the_cycle_is_complete()
    {
        var timeline = At(NewYorkTime(2028, 5, 2, 12, 0));

        Assert.True(timeline.AllStepsDone);
        Assert.Equal(ProcessStepState.Done, timeline.GalaState);
        Assert.Null(timeline.NextMilestone);
        Assert.Equal("This awards cycle is complete", timeline.StatusMessage);
    }

    [Fact]
    public void Dates_are_shown_as_entered_with_the_zone_offset_of_that_day()
    {
        var timeline = At(NewYorkTime(2027, 1, 10, 12, 0));

        var closes = timeline.Steps[0].End;
        Assert.Equal(new DateTime(2027, 9, 30, 23, 59, 0), closes.Local);
        Assert.Equal(new DateTimeOffset(2027, 10, 1, 3, 59, 0, TimeSpan.Zero), closes.Utc);
        Assert.Equal("2027-09-30T23:59-04:00", closes.Iso);
        Assert.Equal("2028-02-15T17:00-05:00", timeline.Steps[4].End.Iso);
        Assert.Equal("Eastern Time (New York)", timeline.TimeZoneName);
        Assert.False(timeline.IsTimeZoneFallback);
    }

    [Theory]
    [InlineData("Not/A_Zone")]
    [InlineData("")]
    [InlineData(null)]
    public void An_unknown_time_zone_falls_back_to_utc(string? zone)
    {
        var timeline = new ProcessTimeline(Cycle, zone, Clock(new DateTimeOffset(2027, 9, 30, 23, 0, 0, TimeSpan.Zero)));

        Assert.True(timeline.IsTimeZoneFallback);
        Assert.Equal(TimeZoneInfo.Utc.Id, timeline.TimeZone.Id);
        Assert.Equal("2027-09-30T23:59+00:00", timeline.Steps[0].End.Iso);
        Assert.Equal("Applications close today", timeline.StatusMessage);
    }

    [Fact]
    public void A_wall_clock_time_skipped_by_daylight_saving_does_not_throw()
    {
        // 2:30 AM on March 14, 2027 does not exist in New York; it is read as 3:30 AM EDT.
        var dates = Cycle with { ApplicationsOpen = new DateTime(2027, 3, 14, 2, 30, 0) };
        var timeline = new ProcessTimeline(dates, NewYork, Clock(NewYorkTime(2027, 3, 1, 12, 0)));

        Assert.Equal(new DateTimeOffset(2027, 3, 14, 7, 30, 0, TimeSpan.Zero), timeline.Steps[0].Start.Utc);
        Assert.Equal("Applications open in 13 days", timeline.StatusMessage);
    }

    private static ProcessTimeline At(DateTimeOffset now) => new(Cycle, NewYork, Clock(now));

    private static FakeTimeProvider Clock(DateTimeOffset now) => new(now);

    private static DateTimeOffset NewYorkTime(int year, int month, int day, int hour, int minute)
    {
        var zone = TimeZoneInfo.FindSystemTimeZoneById(NewYork);
        var local = new DateTime(year, month, day, hour, minute, 0, DateTimeKind.Unspecified);
        return new DateTimeOffset(local, zone.GetUtcOffset(local));
    }
}
