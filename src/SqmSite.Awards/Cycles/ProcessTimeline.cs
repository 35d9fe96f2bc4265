using System.Globalization;

namespace SqmSite.Awards.Cycles;

/// <summary>Where a step of the award cycle stands at the moment the page is rendered.</summary>
public enum ProcessStepState
{
    Done,
    Open,
    Upcoming,
}

public enum ProcessStepKind
{
    Application = 1,
    EligibilityChecklist = 2,
    FinalistSelection = 3,
    NominationStory = 4,
    Winners = 5,
}

/// <summary>The dates of one award cycle, as editors enter them: wall-clock times in the cycle's time zone.</summary>
public sealed record ProcessDates(
    DateTime ApplicationsOpen,
    DateTime ApplicationsClose,
    DateTime ChecklistDue,
    DateTime InterviewsStart,
    DateTime InterviewsEnd,
    DateTime FinalistsNotifiedBy,
    DateTime StoriesDue,
    DateTime WinnersAnnouncedBy,
    DateTime GalaStart,
    DateTime GalaEnd);

/// <summary>A point in time of the cycle: the wall-clock time editors entered, and the instant it stands for.</summary>
public sealed record ProcessMoment(DateTime Local, DateTimeOffset Utc, TimeSpan Offset)
{
    private static readonly CultureInfo English = CultureInfo.GetCultureInfo("en-US");

    /// <summary>For <c>&lt;time datetime&gt;</c>: the wall-clock time with its offset.</summary>
    public string Iso => new DateTimeOffset(Local, Offset).ToString("yyyy-MM-dd'T'HH:mmzzz", CultureInfo.InvariantCulture);

    /// <summary>"Thu, Sep 30, 2027".</summary>
    public string DateText => Local.ToString("ddd, MMM d, yyyy", English);

    /// <summary>"Sep 30, 2027".</summary>
    public string ShortDateText => Local.ToString("MMM d, yyyy", English);

    /// <summary>"September 30, 2027".</summary>
    public string LongDateText => Local.ToString("MMMM d, yyyy", English);

    /// <summary>"11:59 PM", with a no-break space so the time never wraps apart.</summary>
    public string TimeText => Local.ToString("h:mm", English) + "\u00A0" + Local.ToString("tt", English);

    public override string ToString() => $"{DateText}, {TimeText}";
}

/// <summary>A labelled date of a step: a single moment, or a range when <see cref="To"/> is set.</summary>
public sealed record ProcessDateLine(string Label, ProcessMoment From, ProcessMoment? To = null);

/// <summary>
/// One of the five steps. A step runs from <see cref="Start"/> (inclusive) to its deadline <see cref="End"/>
/// (exclusive: "closes at 11:59 PM" means it is closed from 11:59 PM on).
/// </summary>
public sealed record ProcessStep(
    int Number,
    ProcessStepKind Kind,
    string Title,
    ProcessMoment Start,
    ProcessMoment End,
    IReadOnlyList<ProcessDateLine> Dates,
    ProcessStepState State,
    string StartsLabel,
    string EndsLabel)
{
    public bool IsOpen => State == ProcessStepState.Open;
}

/// <summary>The next thing that happens in the cycle, e.g. "Applications close" in 12 days.</summary>
public sealed record ProcessMilestone(string Label, ProcessMoment Moment, int DaysAway)
{
    /// <summary>"today", "in 1 day", "in 12 days".</summary>
    public string Relative => DaysAway switch
    {
        <= 0 => "today",
        1 => "in 1 day",
        _ => string.Create(CultureInfo.InvariantCulture, $"in {DaysAway} days"),
    };

    public string Sentence => $"{Label} {Relative}";
}

/// <summary>
/// The five steps of an award cycle and the gala, with the state of each at one moment. States are decided on
/// instants (the editors' wall-clock dates converted from the cycle's time zone to UTC); "in N days" counts
/// calendar days in that time zone, so a deadline later today is "today" wherever the visitor is.
/// </summary>
public sealed class ProcessTimeline
{
    public const string ContentTypeAlias = "processPage";

    public ProcessTimeline(ProcessDates dates, string? timeZoneId, TimeProvider clock)
    {
        ArgumentNullException.ThrowIfNull(dates);
        ArgumentNullException.ThrowIfNull(clock);

        TimeZone = ResolveTimeZone(timeZoneId, out var fallback);
        IsTimeZoneFallback = fallback;
        Now = clock.GetUtcNow();
        Today = TimeZoneInfo.ConvertTime(Now, TimeZone).Date;

        var applicationsOpen = Moment(dates.ApplicationsOpen);
        var applicationsClose = Moment(dates.ApplicationsClose);
        var checklistDue = Moment(dates.ChecklistDue);
        var interviewsStart = Moment(dates.InterviewsStart);
        var interviewsEnd = Moment(dates.InterviewsEnd);
        var finalistsNotified = Moment(dates.FinalistsNotifiedBy);
        var storiesDue = Moment(dates.StoriesDue);
        var winnersAnnounced = Moment(dates.WinnersAnnouncedBy);

        // Each step starts where the one before ends, except finalist selection, which starts with the interviews:
        // when they begin after the checklist deadline, the cycle is between steps for a while.
        var specs = new (ProcessStepKind Kind, string Title, ProcessMoment Start, ProcessMoment End, ProcessDateLine[] Dates, string Starts, string Ends)[]
        {
            (ProcessStepKind.Application, "Application", applicationsOpen, applicationsClose,
                [new("Opens", applicationsOpen), new("Closes", applicationsClose)],
                "Applications open", "Applications close"),
            (ProcessStepKind.EligibilityChecklist, "Eligibility checklist", applicationsClose, checklistDue,
                [new("Due", checklistDue)],
                "The eligibility checklist opens", "Eligibility checklists are due"),
            (ProcessStepKind.FinalistSelection, "Finalist selection", interviewsStart, finalistsNotified,
                [new("Interviews", interviewsStart, interviewsEnd), new("Finalists notified by", finalistsNotified)],
                "Finalist interviews start", "Finalists are notified"),
            (ProcessStepKind.NominationStory, "Nomination story", finalistsNotified, storiesDue,
                [new("Due", storiesDue)],
                "The nomination story step starts", "Nomination stories are due"),
            (ProcessStepKind.Winners, "Winners", storiesDue, winnersAnnounced,
                [new("Announced by", winnersAnnounced)],
                "Judging starts", "Winners are announced"),
        };

        var steps = new List<ProcessStep>(specs.Length);
        var openFound = false;
        for (var i = 0; i < specs.Length; i++)
        {
            var s = specs[i];
            ProcessStepState state;
            if (Now >= s.End.Utc)
            {
                state = ProcessStepState.Done;
            }
            else if (!openFound && Now >= s.Start.Utc)
            {
                // Overlapping windows (interviews starting on the checklist's last day): the earlier step is the open one.
                state = ProcessStepState.Open;
                openFound = true;
            }
            else
            {
                state = ProcessStepState.Upcoming;
            }

            steps.Add(new ProcessStep(i + 1, s.Kind, s.Title, s.Start, s.End, s.Dates, state, s.Starts, s.Ends));
        }

        Steps = steps;
        OpenStep = steps.FirstOrDefault(s => s.IsOpen);
        GalaStart = Moment(dates.GalaStart);
        GalaEnd = Moment(dates.GalaEnd);
        GalaState = Now >= GalaEnd.Utc ? ProcessStepState.Done : Now >= GalaStart.Utc ? ProcessStepState.Open : ProcessStepState.Upcoming;
        NextMilestone = FindNextMilestone();
    }

    /// <summary>The zone the dates are shown in (UTC when the page's id is unknown).</summary>
    public TimeZoneInfo TimeZone { get; }

    public bool IsTimeZoneFallback { get; }

    /// <summary>"Eastern Time (New York)": the zone's name without the offset, which changes with daylight saving.</summary>
    public string TimeZoneName
    {
        get
        {
            var name = TimeZone.DisplayName;
            var close = name.StartsWith("(UTC", StringComparison.Ordinal) ? name.IndexOf(')', StringComparison.Ordinal) : -1;
            name = close >= 0 ? name[(close + 1)..].Trim() : name;
            return name.Length > 0 ? name : TimeZone.Id;
        }
    }

    public DateTimeOffset Now { get; }

    /// <summary>Today's date in the cycle's time zone.</summary>
    public DateTime Today { get; }

    public IReadOnlyList<ProcessStep> Steps { get; }

    /// <summary>The step open now, if any (none before applications open, between steps, and after the winners).</summary>
    public ProcessStep? OpenStep { get; }

    public ProcessMoment GalaStart { get; }

    public ProcessMoment GalaEnd { get; }

    public ProcessStepState GalaState { get; }

    /// <summary>True once the winners are announced.</summary>
    public bool AllStepsDone => Steps.All(s => s.State == ProcessStepState.Done);

    /// <summary>The next deadline or start date, or null once the gala is over.</summary>
    public ProcessMilestone? NextMilestone { get; }

    /// <summary>"Applications close in 12 days", "Applications open in 3 days", or a closing line after the gala.</summary>
    public string StatusMessage => NextMilestone?.Sentence ?? "This awards cycle is complete";

    /// <summary>The timeline of an award cycle (its dates are instants; the timeline reads them in the cycle's zone).</summary>
    public static ProcessTimeline? FromCycle(AwardCycle? cycle, TimeProvider clock)
    {
        if (cycle is null)
        {
            return null;
        }

        var d = cycle.Dates;
        return new ProcessTimeline(
            new ProcessDates(cycle.Local(d.ApplicationsOpenUtc), cycle.Local(d.ApplicationsCloseUtc), cycle.Local(d.ChecklistDueUtc),
                cycle.Local(d.InterviewsStartUtc), cycle.Local(d.InterviewsEndUtc), cycle.Local(d.FinalistsNotifiedByUtc),
                cycle.Local(d.StoriesDueUtc), cycle.Local(d.WinnersAnnouncedByUtc), cycle.Local(d.GalaStartUtc), cycle.Local(d.GalaEndUtc)),
            cycle.TimeZoneId,
            clock);
    }

    /// <summary>An IANA or Windows id (both resolve on Linux and Windows); UTC when empty or unknown.</summary>
    public static TimeZoneInfo ResolveTimeZone(string? id, out bool fallback)
    {
        fallback = false;
        if (!string.IsNullOrWhiteSpace(id))
        {
            try
            {
                return TimeZoneInfo.FindSystemTimeZoneById(id.Trim());
            }
            catch (TimeZoneNotFoundException)
            {
            }
            catch (InvalidTimeZoneException)
            {
            }
        }

        fallback = true;
        return TimeZoneInfo.Utc;
    }

    /// <summary>Calendar days from today to the moment's date, both in the cycle's time zone.</summary>
    public int DaysUntil(ProcessMoment moment) => (moment.Local.Date - Today).Days;

    private ProcessMilestone? FindNextMilestone()
    {
        if (OpenStep is { } open)
        {
            return Milestone(open.EndsLabel, open.End);
        }

        if (Steps.FirstOrDefault(s => s.State == ProcessStepState.Upcoming) is { } next)
        {
            return Milestone(next.StartsLabel, next.Start);
        }

        return GalaState switch
        {
            ProcessStepState.Upcoming => Milestone("The conference and awards gala starts", GalaStart),
            ProcessStepState.Open => Milestone("The conference and awards gala ends", GalaEnd),
            _ => null,
        };
    }

    private ProcessMilestone Milestone(string label, ProcessMoment moment) => new(label, moment, Math.Max(0, DaysUntil(moment)));

    private ProcessMoment Moment(DateTime wallClock)
    {
        var local = DateTime.SpecifyKind(wallClock, DateTimeKind.Unspecified);

        // A time that does not exist (skipped when clocks go forward) means the same moment an hour later.
        var convertible = TimeZone.IsInvalidTime(local) ? local.AddHours(1) : local;
        var utc = new DateTimeOffset(TimeZoneInfo.ConvertTimeToUtc(convertible, TimeZone), TimeSpan.Zero);
        return new ProcessMoment(local, utc, TimeZone.GetUtcOffset(utc));
    }
}
