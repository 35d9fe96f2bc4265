using SqmSite.Awards.Cycles;
using SqmSite.Cms;

namespace SqmSite.Awards.Nominations;

/// <summary>Where a nomination stands. Stored as text.</summary>
public enum NominationState
{
    Applied,
    ChecklistSubmitted,
    Eligible,
    NotEligible,
    Finalist,
    NotSelected,
    StorySubmitted,
    Withdrawn,
}

/// <summary>How a nomination step ended (an outcome, beside the lifecycle <see cref="NominationState"/>); each failure a person can cause becomes a clear message.</summary>
public enum NominationOperationStatus
{
    Success,
    NotFound,
    ValidationFailed,
    DeadlinePassed,
    NotOpenYet,
    CategoryNotOpen,
    AlreadyApplied,
    WrongState,
    NotAFinalist,
    NotCertified,
    DecisionNotReleased,
    TooEarlyToRelease,
    OutsideInterviewWindow,
}

/// <summary>
/// One organization's entry in one category of one award cycle: a state machine whose methods guard every
/// transition and the clock, and record each change in the audit log.
/// </summary>
public sealed class Nomination
{
    public const int OverviewMaxLength = 1_000;

    public const int DeadlineExtensionReasonMaxLength = 1_000;

    /// <summary>Staff's reasons (not eligible, withdrawn) and the interviewer's name, counted as a person counts.</summary>
    public const int ReasonMaxLength = 1_000;

    public const int InterviewerMaxLength = 200;

    public const int InterviewNotesMaxLength = 4_000;

    private readonly List<NominationEvent> _events = [];

    /// <summary>Not mapped: the events of this unit of work, with their kinds, until the service hands them to the mailer.</summary>
    private readonly List<NominationEventRecorded> _recorded = [];

    private Nomination()
    {
    }

    public int Id { get; private set; }

    public Guid Key { get; private set; }

    public int OrganizationId { get; private set; }

    public int CycleId { get; private set; }

    public Guid CategoryKey { get; private set; }

    /// <summary>The category's name when the nomination was made, for lists and exports.</summary>
    public string CategoryName { get; private set; } = "";

    /// <summary>The category's kind when the nomination was made: what the entry is about and which steps apply.</summary>
    public CategoryKind Kind { get; private set; }

    public CategoryKindRules KindRules => CategoryKinds.Of(Kind);

    /// <summary>The person (individual awards) or team (team awards) entered; null for a practice.</summary>
    public string? SubjectName { get; private set; }

    /// <summary>The person's job title (individual awards).</summary>
    public string? SubjectJobTitle { get; private set; }

    /// <summary>The team's members, one name a line (team awards).</summary>
    public List<string> TeamMembers { get; private set; } = [];

    /// <summary>
    /// The subject's name as compared (<see cref="EntrySubject.Key"/>; empty for a practice): an organization enters a
    /// category once, or once per person or team where the kind allows several.
    /// </summary>
    public string SubjectKey { get; private set; } = "";

    /// <summary>"CSR Coaching Program", or "Best CSR: Dana Whitfield (Senior CSR)" for an entry about a person or team.</summary>
    public string Title => EntryTitle(CategoryName, SubjectName, SubjectJobTitle);

    /// <summary>The rule of <see cref="Title"/> for list rows that carry only the names.</summary>
    public static string EntryTitle(string categoryName, string? subjectName, string? jobTitle) =>
        subjectName is null ? categoryName : jobTitle is null ? $"{categoryName}: {subjectName}" : $"{categoryName}: {subjectName} ({jobTitle})";

    public NominationState State { get; private set; }

    public string Overview { get; private set; } = "";

    /// <summary>A past winner of the category entering it again with new ratings.</summary>
    public bool IsResubmission { get; private set; }

    public DateTime AppliedUtc { get; private set; }

    /// <summary>Staff may extend the deadline of the current step for this nomination alone.</summary>
    public DateTime? DeadlineExtendedUntilUtc { get; private set; }

    /// <summary>Why the current step's deadline was extended (or the story reopened); the nominee sees it. Set and cleared with the extension.</summary>
    public string? DeadlineExtensionReason { get; private set; }

    public Guid? ChecklistEntryKey { get; private set; }

    /// <summary>
    /// The certificate that made the entry eligible without a checklist: the organization's practice was certified in
    /// the category's area and in force on the application date. A certificate that lapses later changes nothing here.
    /// </summary>
    public string? CertificateNumber { get; private set; }

    public DateTime? ChecklistSubmittedUtc { get; private set; }

    /// <summary>Why the entry needs no eligibility checklist, as a sentence; null where it answers one.</summary>
    public string? EligibleWithoutChecklist => CertificateNumber is { } number
        ? $"the practice is certified (certificate {number}) and was in force on the application date."
        : KindRules.HasChecklist ? null : $"{KindRules.Label} awards have no eligibility checklist; the entry is eligible on application.";

    /// <summary>Why the checklist was found not eligible; the nominee receives it.</summary>
    public string? EligibilityReason { get; private set; }

    public DateTime? InterviewUtc { get; private set; }

    public string? Interviewer { get; private set; }

    /// <summary>Staff's private notes of the interview; never shown to the nominee.</summary>
    public string? InterviewNotes { get; private set; }

    /// <summary>When the finalist decision was released to the nominee; until then the nominee sees "under review".</summary>
    public DateTime? DecisionReleasedUtc { get; private set; }

    public NominationStory Story { get; private set; } = new();

    /// <summary>
    /// The audit log in the order it was written. A database returns an owned collection in no set order
    /// (PostgreSQL shuffles it once rows move), so the saved lines are put back in key order here, and lines
    /// not yet saved (key 0) follow them in the order they were recorded.
    /// </summary>
    public IReadOnlyList<NominationEvent> Events => _events.Count < 2 ? _events : [.. _events.OrderBy(e => e.Id == 0 ? int.MaxValue : e.Id)];

    /// <summary>Goes up with every change; a write based on an older revision is refused (optimistic concurrency).</summary>
    public int Revision { get; private set; }

    public bool IsFinalistDecision => State is NominationState.Finalist or NominationState.StorySubmitted;

    // "Can I?" queries: which steps this nomination's state leaves open, for pages to decide which actions to offer.
    // Each step's method guards with the same query (and adds the clock where the step has a deadline, as
    // CanSubmitChecklist and the story's due date do), so the rules live here only.

    /// <summary>The overview may change (until applications close, which <see cref="UpdateOverview"/> checks).</summary>
    public bool CanUpdateOverview => State == NominationState.Applied;

    /// <summary>The checklist is waiting for answers (by its due date, which <see cref="CanSubmitChecklist"/> checks).</summary>
    public bool CanAnswerChecklist => State == NominationState.Applied;

    public bool CanReviewChecklist => State == NominationState.ChecklistSubmitted;

    public bool CanScheduleInterview => State == NominationState.Eligible;

    /// <summary>Staff may decide, or change their decision until it is released.</summary>
    public bool CanDecideFinalist => State == NominationState.Eligible || CanReleaseDecision;

    /// <summary>A decision waits to be released (from the notification date, which <see cref="ReleaseDecision"/> checks).</summary>
    public bool CanReleaseDecision => WaitsForRelease(State, DecisionReleasedUtc);

    /// <summary>
    /// The rule of <see cref="CanReleaseDecision"/> for a list row that carries only the state and the release time
    /// (staff's nominations list), so the list asks the same rule instead of restating it.
    /// </summary>
    public static bool WaitsForRelease(NominationState state, DateTime? decisionReleasedUtc) =>
        decisionReleasedUtc is null && state is NominationState.Finalist or NominationState.NotSelected;

    /// <summary>The nominee has a story page: a finalist who has been told writes the story there, a submitted one reads it.</summary>
    public bool HasStory => VisibleState is NominationState.Finalist or NominationState.StorySubmitted;

    public bool CanReopenStory => State == NominationState.StorySubmitted && AwardedUtc is null;

    /// <summary>Step 5: a submitted story is judged (assigned, scored, declared the winner) until its category has a winner.</summary>
    public bool CanBeJudged => State == NominationState.StorySubmitted && AwardedUtc is null;

    /// <summary>When staff declared this entry its category's winner; judging's decision table holds the one winner per category.</summary>
    public DateTime? AwardedUtc { get; private set; }

    public DateTime? OnsiteVisitDate { get; private set; }

    public string? OnsiteVisitBy { get; private set; }

    public string? OnsiteVisitNotes { get; private set; }

    /// <summary>An open step (the checklist, or the story of a finalist who has been told) may get a later deadline.</summary>
    public bool CanExtendDeadline => State == NominationState.Applied || (State == NominationState.Finalist && DecisionReleasedUtc is not null);

    /// <summary>Any step before an outcome.</summary>
    public bool CanWithdraw => State is not (NominationState.Withdrawn or NominationState.NotEligible or NominationState.NotSelected);

    /// <summary>Makes an application (step 1). The caller checks there is no other nomination for the same category.</summary>
    /// <remarks>
    /// The category's <paramref name="kind"/> decides what else the entry names (<paramref name="subject"/>, checked by
    /// <see cref="CategoryKinds.CheckSubject"/>) and whether step 2 applies: a kind without an eligibility checklist is
    /// eligible at once, and the employee-satisfaction award takes only an organization with a certificate in force
    /// (<paramref name="certificateNumber"/>, found by the caller).
    /// </remarks>
    public static (Nomination? Nomination, Attempt<NominationOperationStatus> Result) Apply(AwardCycle cycle, int organizationId, Guid categoryKey, string categoryName,
        string? overview, bool isResubmission, string actor, DateTime utcNow, CategoryKind kind = CategoryKind.Practice, EntrySubject? subject = null,
        string? certificateNumber = null)
    {
        var rules = CategoryKinds.Of(kind);
        subject ??= EntrySubject.None;
        if (!cycle.IsOpen(categoryKey))
        {
            return (null, Attempt<NominationOperationStatus>.Fail(NominationOperationStatus.CategoryNotOpen, $"{categoryName} is not open for entries in {cycle.Name}."));
        }

        if (utcNow < cycle.Dates.ApplicationsOpenUtc)
        {
            return (null, Attempt<NominationOperationStatus>.Fail(NominationOperationStatus.NotOpenYet, $"Applications open on {FormatLocal(cycle, cycle.Dates.ApplicationsOpenUtc)}."));
        }

        if (utcNow >= cycle.Dates.ApplicationsCloseUtc)
        {
            return (null, Attempt<NominationOperationStatus>.Fail(NominationOperationStatus.DeadlinePassed, $"Applications closed on {FormatLocal(cycle, cycle.Dates.ApplicationsCloseUtc)}."));
        }

        if (CheckOverview(overview) is { } invalid)
        {
            return (null, invalid);
        }

        var (checkedSubject, subjectErrors) = CategoryKinds.CheckSubject(rules, subject.Name, subject.JobTitle, string.Join('\n', subject.Members));
        if (subjectErrors.Count > 0)
        {
            return (null, Attempt<NominationOperationStatus>.Fail(NominationOperationStatus.ValidationFailed, subjectErrors.Values.First(), subjectErrors));
        }

        subject = checkedSubject;

        if (rules.NeedsCertificate && certificateNumber is null)
        {
            return (null, Attempt<NominationOperationStatus>.Fail(NominationOperationStatus.NotCertified,
                $"{categoryName} is open only to organizations with a best-practice certificate in force. Certification is requested from your dashboard."));
        }

        var nomination = new Nomination
        {
            Key = Guid.NewGuid(),
            OrganizationId = organizationId,
            CycleId = cycle.Id,
            CategoryKey = categoryKey,
            CategoryName = categoryName,
            State = NominationState.Applied,
            Overview = TextLength.Clean(overview),
            IsResubmission = isResubmission,
            AppliedUtc = utcNow,
            Kind = kind,
            SubjectName = rules.ManyEntriesPerOrganization ? subject.Name : null,
            SubjectJobTitle = rules.NamesPerson ? subject.JobTitle : null,
            TeamMembers = rules.NamesTeam ? [.. subject.Members] : [],
            SubjectKey = rules.ManyEntriesPerOrganization ? subject.Key : "",
        };
        nomination.Record(null, NominationState.Applied, NominationEventKind.Applied, actor, utcNow, isResubmission ? "Resubmission by a past winner" : null);
        if (certificateNumber is not null)
        {
            nomination.GrantEligibilityByCertificate(certificateNumber, "certification", utcNow);
        }
        else if (!rules.HasChecklist)
        {
            nomination.Move(NominationState.Eligible, NominationEventKind.ChecklistReviewed, "awards", utcNow, nomination.EligibleWithoutChecklist);
        }

        return (nomination, Attempt<NominationOperationStatus>.Ok);
    }

    /// <summary>Changes the overview while the application step is open.</summary>
    public Attempt<NominationOperationStatus> UpdateOverview(AwardCycle cycle, string? overview, string actor, DateTime utcNow)
    {
        if (Guard(CanUpdateOverview) is { } wrong)
        {
            return wrong;
        }

        // An extension in this state is the checklist's (step 2), so it does not reopen the application: the overview
        // locks when applications close, as it does for everyone.
        if (utcNow >= cycle.Dates.ApplicationsCloseUtc)
        {
            return Attempt<NominationOperationStatus>.Fail(NominationOperationStatus.DeadlinePassed,
                $"Applications closed on {FormatLocal(cycle, cycle.Dates.ApplicationsCloseUtc)}; the overview can no longer change.");
        }

        if (CheckOverview(overview) is { } invalid)
        {
            return invalid;
        }

        Overview = TextLength.Clean(overview);
        Record(State, State, NominationEventKind.OverviewChanged, actor, utcNow);
        return Attempt<NominationOperationStatus>.Ok;
    }

    /// <summary>Whether the checklist may be answered now (asked before the answers are accepted by the forms module).</summary>
    public Attempt<NominationOperationStatus> CanSubmitChecklist(AwardCycle cycle, DateTime utcNow)
    {
        if (Guard(CanAnswerChecklist) is { } wrong)
        {
            return wrong;
        }

        return PastDeadline(cycle.Dates.ChecklistDueUtc, utcNow) is { } late
            ? late with { Message = $"The checklist was due on {FormatLocal(cycle, DeadlineExtendedUntilUtc ?? cycle.Dates.ChecklistDueUtc)}." }
            : Attempt<NominationOperationStatus>.Ok;
    }

    /// <summary>Step 2: the nominee's checklist answers (a submitted form entry) arrive for review.</summary>
    public Attempt<NominationOperationStatus> SubmitChecklist(AwardCycle cycle, Guid entryKey, string actor, DateTime utcNow)
    {
        if (CanSubmitChecklist(cycle, utcNow) is { Succeeded: false } refused)
        {
            return refused;
        }

        ChecklistEntryKey = entryKey;
        ChecklistSubmittedUtc = utcNow;
        ClearExtension();
        return Move(NominationState.ChecklistSubmitted, NominationEventKind.ChecklistSubmitted, actor, utcNow);
    }

    /// <summary>Staff review of the checklist: eligible, or not eligible with a reason the nominee receives.</summary>
    public Attempt<NominationOperationStatus> ReviewChecklist(bool eligible, string? reason, string actor, DateTime utcNow)
    {
        if (Guard(CanReviewChecklist) is { } wrong)
        {
            return wrong;
        }

        var checkedReason = TextLength.Check(reason, "The reason", ReasonMaxLength,
            eligible ? null : "Give the reason the nomination is not eligible; the nominee receives it.");
        if (!eligible && !checkedReason.IsValid)
        {
            return Attempt<NominationOperationStatus>.Invalid(NominationOperationStatus.ValidationFailed, "Reason", checkedReason.Error!);
        }

        EligibilityReason = eligible ? null : checkedReason.Value;
        return Move(eligible ? NominationState.Eligible : NominationState.NotEligible, NominationEventKind.ChecklistReviewed, actor, utcNow, EligibilityReason);
    }

    /// <summary>
    /// Step 2 skipped: a practice certified in this category's area (certificate <paramref name="number"/>, in force on
    /// the application date) is eligible without a checklist. Only right after applying.
    /// </summary>
    public Attempt<NominationOperationStatus> GrantEligibilityByCertificate(string number, string actor, DateTime utcNow)
    {
        if (State != NominationState.Applied || ChecklistEntryKey is not null)
        {
            return Attempt<NominationOperationStatus>.Fail(NominationOperationStatus.WrongState, "Only a new application can be made eligible by a certificate.");
        }

        CertificateNumber = number;
        EligibilityReason = null;
        return Move(NominationState.Eligible, NominationEventKind.ChecklistReviewed, actor, utcNow,
            $"Certified practice (certificate {number}): eligible without the checklist.");
    }

    /// <summary>Step 3: a phone interview inside the cycle's interview window, with staff's private notes.</summary>
    public Attempt<NominationOperationStatus> ScheduleInterview(AwardCycle cycle, DateTime atUtc, string? interviewer, string? notes, string actor, DateTime utcNow)
    {
        if (Guard(CanScheduleInterview) is { } wrong)
        {
            return wrong;
        }

        if (atUtc < cycle.Dates.InterviewsStartUtc || atUtc > cycle.Dates.InterviewsEndUtc)
        {
            return Attempt<NominationOperationStatus>.Fail(NominationOperationStatus.OutsideInterviewWindow,
                $"Interviews take place between {FormatLocal(cycle, cycle.Dates.InterviewsStartUtc)} and {FormatLocal(cycle, cycle.Dates.InterviewsEndUtc)}.",
                new Dictionary<string, string> { ["InterviewAt"] = "Pick a time inside the interview window." });
        }

        var checkedInterviewer = TextLength.Check(interviewer, "The interviewer", InterviewerMaxLength, "Name the interviewer.");
        if (!checkedInterviewer.IsValid)
        {
            return Attempt<NominationOperationStatus>.Invalid(NominationOperationStatus.ValidationFailed, "Interviewer", checkedInterviewer.Error!);
        }

        var checkedNotes = TextLength.Check(notes, "The private notes", InterviewNotesMaxLength);
        if (!checkedNotes.IsValid)
        {
            return Attempt<NominationOperationStatus>.Invalid(NominationOperationStatus.ValidationFailed, "Notes", checkedNotes.Error!);
        }

        InterviewUtc = atUtc;
        Interviewer = checkedInterviewer.Value;
        InterviewNotes = checkedNotes.Value;
        Record(State, State, NominationEventKind.InterviewScheduled, actor, utcNow);
        return Attempt<NominationOperationStatus>.Ok;
    }

    /// <summary>Step 3: staff decide finalist or not selected. The nominee hears only when the batch is released.</summary>
    public Attempt<NominationOperationStatus> DecideFinalist(bool finalist, string actor, DateTime utcNow)
    {
        if (!CanDecideFinalist)
        {
            return WrongState();
        }

        return Move(finalist ? NominationState.Finalist : NominationState.NotSelected, NominationEventKind.FinalistDecided, actor, utcNow);
    }

    /// <summary>Releases the decision to the nominee (as part of the staff's batch), on or after the notification date.</summary>
    public Attempt<NominationOperationStatus> ReleaseDecision(AwardCycle cycle, string actor, DateTime utcNow)
    {
        if (!CanReleaseDecision)
        {
            return WrongState();
        }

        if (utcNow < cycle.Dates.FinalistsNotifiedByUtc)
        {
            return Attempt<NominationOperationStatus>.Fail(NominationOperationStatus.TooEarlyToRelease, $"Decisions go out on or after {FormatLocal(cycle, cycle.Dates.FinalistsNotifiedByUtc)}.");
        }

        DecisionReleasedUtc = utcNow;
        Record(State, State, NominationEventKind.DecisionReleased, actor, utcNow);
        return Attempt<NominationOperationStatus>.Ok;
    }

    /// <summary>
    /// Step 4: saves the story as a draft. Only a finalist who has been told, before the due date. Succeeds with the
    /// rules not met yet as field errors, so the page can show them beside the fields.
    /// </summary>
    public Attempt<NominationOperationStatus> SaveStoryDraft(AwardCycle cycle, StoryDraft draft, string actor, DateTime utcNow)
    {
        if (StoryRefusal(cycle, utcNow) is { } refused)
        {
            return refused;
        }

        // A draft keeps what was typed, even where a rule is not met yet (a nominee who leaves must find it again);
        // only what the form never sends, or text far past every limit, is refused.
        if (draft.CheckStorable(cycle, KindRules.StoryMaxLength) is { Count: > 0 } refusedFields)
        {
            return Attempt<NominationOperationStatus>.Fail(NominationOperationStatus.ValidationFailed, "The draft was not saved: please correct the fields marked.", refusedFields);
        }

        Story.Apply(draft, utcNow);
        Revision++;
        var pending = draft.Check(cycle, complete: false, KindRules.StoryMaxLength);
        return pending.Count == 0
            ? Attempt<NominationOperationStatus>.Ok
            : new(NominationOperationStatus.Success, "Your draft was saved. Some entries need attention before you can submit; they are marked.", pending);
    }

    /// <summary>Step 4: submits the story. Everything required must be there; afterwards it is read-only to the nominee.</summary>
    public Attempt<NominationOperationStatus> SubmitStory(AwardCycle cycle, StoryDraft draft, string actor, DateTime utcNow)
    {
        if (StoryRefusal(cycle, utcNow) is { } refused)
        {
            return refused;
        }

        if (draft.Check(cycle, complete: true, KindRules.StoryMaxLength) is { Count: > 0 } errors)
        {
            return Attempt<NominationOperationStatus>.Fail(NominationOperationStatus.ValidationFailed, "The story was not submitted: please complete the fields marked.", errors);
        }

        Story.Apply(draft, utcNow);
        Story.MarkSubmitted(utcNow);
        ClearExtension();
        return Move(NominationState.StorySubmitted, NominationEventKind.StorySubmitted, actor, utcNow);
    }

    /// <summary>Staff reopen a submitted story; the nominee may edit and submit it again, until the given time.</summary>
    public Attempt<NominationOperationStatus> ReopenStory(string reason, DateTime untilUtc, string actor, DateTime utcNow)
    {
        if (Guard(CanReopenStory) is { } wrong)
        {
            return wrong;
        }

        if (CheckExtensionReason(reason, "Say why the story is reopened; the nominee receives it.") is { } invalid)
        {
            return invalid;
        }

        if (untilUtc <= utcNow)
        {
            return Attempt<NominationOperationStatus>.Invalid(NominationOperationStatus.ValidationFailed, "Until", "The new deadline must be in the future.");
        }

        DeadlineExtendedUntilUtc = untilUtc;
        DeadlineExtensionReason = TextLength.Clean(reason);
        return Move(NominationState.Finalist, NominationEventKind.StoryReopened, actor, utcNow, DeadlineExtensionReason);
    }

    /// <summary>
    /// Staff extend the current step's deadline (checklist or story) for this nomination alone, with a reason the
    /// nominee sees and receives by email.
    /// </summary>
    public Attempt<NominationOperationStatus> ExtendDeadline(AwardCycle cycle, DateTime untilUtc, string? reason, string actor, DateTime utcNow)
    {
        if (!CanExtendDeadline && State != NominationState.Finalist)
        {
            return Attempt<NominationOperationStatus>.Fail(NominationOperationStatus.WrongState, "Only an open step (checklist or story) can be extended.");
        }

        if (!CanExtendDeadline)
        {
            // The nominee would learn the decision from the extension before the batch is released.
            return Attempt<NominationOperationStatus>.Fail(NominationOperationStatus.DecisionNotReleased, "The finalist decision has not been released yet; extend the story's deadline once it has.");
        }

        if (CheckExtensionReason(reason, "Say why the deadline is extended; the nominee sees the reason.") is { } invalid)
        {
            return invalid;
        }

        if (untilUtc <= utcNow)
        {
            return Attempt<NominationOperationStatus>.Invalid(NominationOperationStatus.ValidationFailed, "Until", "The new deadline must be in the future.");
        }

        var stepDeadline = State == NominationState.Applied ? cycle.Dates.ChecklistDueUtc : cycle.Dates.StoriesDueUtc;
        if (untilUtc <= stepDeadline)
        {
            return Attempt<NominationOperationStatus>.Invalid(NominationOperationStatus.ValidationFailed, "Until", $"The new deadline must be after the step's own deadline, {FormatLocal(cycle, stepDeadline)}.");
        }

        DeadlineExtendedUntilUtc = untilUtc;
        DeadlineExtensionReason = TextLength.Clean(reason);
        Record(State, State, NominationEventKind.DeadlineExtended, actor, utcNow, DeadlineExtensionReason);
        return Attempt<NominationOperationStatus>.Ok;
    }

    /// <summary>The nominee (or staff for them) withdraws, at any step before an outcome.</summary>
    public Attempt<NominationOperationStatus> Withdraw(string? reason, string actor, DateTime utcNow)
    {
        if (!CanWithdraw)
        {
            return WrongState();
        }

        var checkedReason = TextLength.Check(reason, "The reason", ReasonMaxLength);
        if (!checkedReason.IsValid)
        {
            return Attempt<NominationOperationStatus>.Invalid(NominationOperationStatus.ValidationFailed, "Reason", checkedReason.Error!);
        }

        ClearExtension();
        return Move(NominationState.Withdrawn, NominationEventKind.Withdrawn, actor, utcNow, checkedReason.Value);
    }

    /// <summary>What the nominee should do next, and by when; null when nothing is due.</summary>
    public (string What, DateTime? DueUtc)? NextStep(AwardCycle cycle) => State switch
    {
        NominationState.Applied => ("Answer the eligibility checklist", DeadlineExtendedUntilUtc ?? cycle.Dates.ChecklistDueUtc),
        NominationState.ChecklistSubmitted => ("Our staff review your checklist and choose the finalists", cycle.Dates.FinalistsNotifiedByUtc),
        NominationState.Eligible => ("Finalist selection: we may call you for a short interview", cycle.Dates.FinalistsNotifiedByUtc),
        NominationState.Finalist when DecisionReleasedUtc is null => ("Finalist selection in progress", cycle.Dates.FinalistsNotifiedByUtc),
        NominationState.NotSelected when DecisionReleasedUtc is null => ("Finalist selection in progress", cycle.Dates.FinalistsNotifiedByUtc),
        NominationState.Finalist => ("Write and submit your nomination story", DeadlineExtendedUntilUtc ?? cycle.Dates.StoriesDueUtc),
        NominationState.StorySubmitted => ("Judging: winners are announced", cycle.Dates.WinnersAnnouncedByUtc),
        _ => null,
    };

    /// <summary>The state as the nominee may see it: an unreleased finalist decision reads as still under review.</summary>
    public NominationState VisibleState => CanReleaseDecision
        ? NominationState.Eligible
        : State;

    /// <summary>
    /// Whether the story may change now (asked by the story page before it offers the form): only a finalist who has
    /// been told, before the due date or its extension; a submitted story is read-only. A refusal says why.
    /// </summary>
    public Attempt<NominationOperationStatus> CanEditStory(AwardCycle cycle, DateTime utcNow) => StoryRefusal(cycle, utcNow) ?? Attempt<NominationOperationStatus>.Ok;

    /// <summary>Attachments are part of the story: they change while the story can be edited, and not after.</summary>
    public Attempt<NominationOperationStatus> CanChangeAttachments(AwardCycle cycle, DateTime utcNow) => CanEditStory(cycle, utcNow);

    private Attempt<NominationOperationStatus>? StoryRefusal(AwardCycle cycle, DateTime utcNow)
    {
        if (State == NominationState.StorySubmitted)
        {
            return Attempt<NominationOperationStatus>.Fail(NominationOperationStatus.WrongState, "The story has been submitted and is read-only. Ask the awards team to reopen it.");
        }

        if (State != NominationState.Finalist)
        {
            return Attempt<NominationOperationStatus>.Fail(NominationOperationStatus.NotAFinalist, "Only finalists write a nomination story.");
        }

        if (DecisionReleasedUtc is null)
        {
            return Attempt<NominationOperationStatus>.Fail(NominationOperationStatus.DecisionNotReleased, "Only finalists write a nomination story.");
        }

        return PastDeadline(cycle.Dates.StoriesDueUtc, utcNow) is { } late
            ? late with { Message = $"Stories were due on {FormatLocal(cycle, DeadlineExtendedUntilUtc ?? cycle.Dates.StoriesDueUtc)}." }
            : null;
    }

    private Attempt<NominationOperationStatus>? PastDeadline(DateTime deadlineUtc, DateTime utcNow) =>
        utcNow >= (DeadlineExtendedUntilUtc is { } extended && extended > deadlineUtc ? extended : deadlineUtc)
            ? Attempt<NominationOperationStatus>.Fail(NominationOperationStatus.DeadlinePassed, "The deadline has passed.")
            : null;

    /// <summary>The extension of the current step as the nominee may see it: none while a finalist decision is unreleased.</summary>
    public (DateTime UntilUtc, string? Reason)? VisibleExtension =>
        DeadlineExtendedUntilUtc is { } until && VisibleState is NominationState.Applied or NominationState.Finalist
            ? (until, DeadlineExtensionReason)
            : null;

    private void ClearExtension()
    {
        DeadlineExtendedUntilUtc = null;
        DeadlineExtensionReason = null;
    }

    private static Attempt<NominationOperationStatus>? CheckExtensionReason(string? reason, string missing) =>
        TextLength.Check(reason, "The reason", DeadlineExtensionReasonMaxLength, missing) is { IsValid: false } check
            ? Attempt<NominationOperationStatus>.Invalid(NominationOperationStatus.ValidationFailed, "Reason", check.Error!)
            : null;

    private Attempt<NominationOperationStatus>? Guard(bool open) => open ? null : WrongState();

    private Attempt<NominationOperationStatus> WrongState() =>
        Attempt<NominationOperationStatus>.Fail(NominationOperationStatus.WrongState, $"That step is not possible now: the nomination is {Describe(State).ToLowerInvariant()}.");

    private Attempt<NominationOperationStatus> Move(NominationState to, NominationEventKind kind, string actor, DateTime utcNow, string? reason = null)
    {
        var from = State;
        State = to;
        Record(from, to, kind, actor, utcNow, reason);
        return Attempt<NominationOperationStatus>.Ok;
    }

    /// <summary>
    /// A judging event on an entry being judged (assigned, conflict declared, scores submitted or reopened): the audit
    /// log gets it, the lifecycle state does not change. Kinds outside judging are refused.
    /// </summary>
    public Attempt<NominationOperationStatus> RecordJudging(NominationEventKind kind, string actor, DateTime utcNow, string? reason = null)
    {
        if (kind is not (NominationEventKind.JudgeAssigned or NominationEventKind.JudgeUnassigned or NominationEventKind.ConflictDeclared
            or NominationEventKind.ScoresSubmitted or NominationEventKind.ScoresReopened))
        {
            throw new ArgumentOutOfRangeException(nameof(kind), kind, "Not a judging event.");
        }

        if (Guard(CanBeJudged) is { } wrong)
        {
            return wrong;
        }

        Record(State, State, kind, actor, utcNow, reason);
        return Attempt<NominationOperationStatus>.Ok;
    }

    /// <summary>The onsite visit the sources mention as part of judging: when, who went, what they saw.</summary>
    public Attempt<NominationOperationStatus> RecordOnsiteVisit(DateOnly date, string? by, string? notes, string actor, DateTime utcNow)
    {
        if (Guard(CanBeJudged) is { } wrong)
        {
            return wrong;
        }

        var who = TextLength.Check(by, "Who went", InterviewerMaxLength, "Say who went on the visit.");
        if (!who.IsValid)
        {
            return Attempt<NominationOperationStatus>.Invalid(NominationOperationStatus.ValidationFailed, "VisitBy", who.Error!);
        }

        var checkedNotes = TextLength.Check(notes, "The notes", InterviewNotesMaxLength);
        if (!checkedNotes.IsValid)
        {
            return Attempt<NominationOperationStatus>.Invalid(NominationOperationStatus.ValidationFailed, "VisitNotes", checkedNotes.Error!);
        }

        OnsiteVisitDate = date.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);
        OnsiteVisitBy = who.Value;
        OnsiteVisitNotes = string.IsNullOrEmpty(checkedNotes.Value) ? null : checkedNotes.Value;
        Record(State, State, NominationEventKind.OnsiteVisitRecorded, actor, utcNow, $"{date:yyyy-MM-dd}, {who.Value}");
        return Attempt<NominationOperationStatus>.Ok;
    }

    /// <summary>Staff name this entry its category's winner. The caller holds the category's one decision (a unique index).</summary>
    public Attempt<NominationOperationStatus> DeclareWinner(string? note, string actor, DateTime utcNow)
    {
        if (Guard(CanBeJudged) is { } wrong)
        {
            return wrong;
        }

        AwardedUtc = utcNow;
        Record(State, State, NominationEventKind.WinnerDeclared, actor, utcNow, note);
        return Attempt<NominationOperationStatus>.Ok;
    }

    /// <summary>The entrant was told the outcome (won or not) at the announcement time.</summary>
    public void RecordOutcomeAnnounced(string actor, DateTime utcNow) =>
        Record(State, State, NominationEventKind.OutcomeAnnounced, actor, utcNow, AwardedUtc is null ? "Not a winner" : "Winner");

    /// <summary>Erasing a person (a privacy request): audit lines that name them name <paramref name="replacement"/> instead.</summary>
    internal int ReplaceActor(string actor, string replacement)
    {
        var lines = _events.Count(e => string.Equals(e.Actor, actor, StringComparison.OrdinalIgnoreCase));
        foreach (var line in _events)
        {
            line.ReplaceActor(actor, replacement);
        }

        return lines;
    }

    private void Record(NominationState? from, NominationState to, NominationEventKind kind, string actor, DateTime utcNow, string? reason = null)
    {
        var entry = new NominationEvent(from, to, Describe(kind), actor, utcNow, reason);
        _events.Add(entry);
        _recorded.Add(new NominationEventRecorded(kind, entry, _events.Count));
        Revision++;
    }

    /// <summary>
    /// The events recorded since the last call, each with its kind, for the mailer to act on in the step's own
    /// transaction; the list empties, so that a second step in the same unit of work does not send the first one's emails again.
    /// </summary>
    public IReadOnlyList<NominationEventRecorded> TakeRecordedEvents()
    {
        var taken = _recorded.ToList();
        _recorded.Clear();
        return taken;
    }

    /// <summary>The audit log's words for an event kind: what people read (the kind itself is what code switches on).</summary>
    public static string Describe(NominationEventKind kind) => kind switch
    {
        NominationEventKind.Applied => "Applied",
        NominationEventKind.OverviewChanged => "Overview changed",
        NominationEventKind.ChecklistSubmitted => "Checklist submitted",
        NominationEventKind.ChecklistReviewed => "Checklist reviewed",
        NominationEventKind.InterviewScheduled => "Interview scheduled",
        NominationEventKind.FinalistDecided => "Finalist decision",
        NominationEventKind.DecisionReleased => "Decision released",
        NominationEventKind.StorySubmitted => "Story submitted",
        NominationEventKind.StoryReopened => "Story reopened",
        NominationEventKind.DeadlineExtended => "Deadline extended",
        NominationEventKind.Withdrawn => "Withdrawn",
        NominationEventKind.JudgeAssigned => "Judge assigned",
        NominationEventKind.JudgeUnassigned => "Judge unassigned",
        NominationEventKind.ConflictDeclared => "Conflict declared",
        NominationEventKind.ScoresSubmitted => "Scores submitted",
        NominationEventKind.ScoresReopened => "Scores reopened",
        NominationEventKind.OnsiteVisitRecorded => "Onsite visit recorded",
        NominationEventKind.WinnerDeclared => "Winner declared",
        NominationEventKind.OutcomeAnnounced => "Outcome announced",
        _ => kind.ToString(),
    };

    private static Attempt<NominationOperationStatus>? CheckOverview(string? overview) =>
        TextLength.Check(overview, "The overview", OverviewMaxLength, "Write a short overview of why the practice is unique.", storage: 8_000)
            is { IsValid: false } check
            ? Attempt<NominationOperationStatus>.Invalid(NominationOperationStatus.ValidationFailed, "Overview", check.Error!)
            : null;

    public static string Describe(NominationState state) => state switch
    {
        NominationState.Applied => "Applied",
        NominationState.ChecklistSubmitted => "Checklist submitted",
        NominationState.Eligible => "Eligible",
        NominationState.NotEligible => "Not eligible",
        NominationState.Finalist => "Finalist",
        NominationState.NotSelected => "Not selected",
        NominationState.StorySubmitted => "Story submitted",
        NominationState.Withdrawn => "Withdrawn",
        _ => state.ToString(),
    };

    /// <summary>"December 1, 2026, 6:07 PM Eastern Time": in the cycle's zone, named as people say it.</summary>
    internal static string FormatLocal(AwardCycle cycle, DateTime utc) => SqmSite.Cms.Web.SiteTime.Format(utc, cycle.TimeZone);
}

/// <summary>
/// What happened to a nomination, as code knows it: the mailer and staff notices switch on it (never on the audit
/// text), and judging, winners and the gala add their own kinds. Not stored: the audit line keeps the words people read.
/// </summary>
public enum NominationEventKind
{
    Applied,
    OverviewChanged,
    ChecklistSubmitted,
    ChecklistReviewed,
    InterviewScheduled,
    FinalistDecided,
    DecisionReleased,
    StorySubmitted,
    StoryReopened,
    DeadlineExtended,
    Withdrawn,
    JudgeAssigned,
    JudgeUnassigned,
    ConflictDeclared,
    ScoresSubmitted,
    ScoresReopened,
    OnsiteVisitRecorded,
    WinnerDeclared,
    OutcomeAnnounced,
}

/// <summary>An event just recorded: its kind, its audit line, and its number in the nomination's log (1 for the first).</summary>
public sealed record NominationEventRecorded(NominationEventKind Kind, NominationEvent Entry, int Number);

/// <summary>One line of a nomination's audit log: who moved it from where to where, when and why.</summary>
public sealed class NominationEvent
{
    private NominationEvent()
    {
    }

    internal NominationEvent(NominationState? from, NominationState to, string action, string actor, DateTime atUtc, string? reason)
    {
        From = from;
        To = to;
        Action = action;
        Actor = actor;
        AtUtc = atUtc;
        Reason = reason;
    }

    public int Id { get; private set; }

    public NominationState? From { get; private set; }

    public NominationState To { get; private set; }

    public string Action { get; private set; } = "";

    public string Actor { get; private set; } = "";

    public DateTime AtUtc { get; private set; }

    public string? Reason { get; private set; }

    /// <summary>Erasing a person (a privacy request): the line keeps its facts, the actor becomes <paramref name="replacement"/>.</summary>
    internal void ReplaceActor(string actor, string replacement)
    {
        if (string.Equals(Actor, actor, StringComparison.OrdinalIgnoreCase))
        {
            Actor = replacement;
        }
    }
}
