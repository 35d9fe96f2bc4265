using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using SqmSite.Awards.Cycles;
using SqmSite.Awards.Data;
using SqmSite.Awards.Nominations;
using SqmSite.Cms;

namespace SqmSite.Awards.Judging;

/// <summary>A line of a judge's list: one assigned entry and how far their sheet is.</summary>
public sealed record JudgeEntryRow(Guid AssignmentKey, string CategoryName, string EntryName, ScoreSheetState? Sheet, int Scored, int Criteria);

/// <summary>
/// One assigned entry as its judge sees it: the entry (blind judging masks the organization), the score set, the
/// judge's own sheet, and the other judges' submitted sheets only once the judge's own is submitted.
/// </summary>
public sealed record JudgingEntry(JudgeAssignment Assignment, Nomination Nomination, AwardCycle Cycle, JudgingSetup Setup, string EntryName,
    JudgedStory Story, string Overview, ScoreSheet? Sheet, IReadOnlyList<ScoreSheet> OtherSheets, bool IsLead)
{
    /// <summary>Under blind judging, the organization's name to mask in anything else shown of the entry (never rendered itself).</summary>
    internal string? HiddenName { get; init; }

    /// <summary>The text as this judge may read it: the organization's name masked under blind judging.</summary>
    public string Masked(string? text) => HiddenName is null ? text ?? "" : ScoringService.Mask(text, HiddenName);
}

/// <summary>The story's text as a judge reads it (masked under blind judging) and its ratings.</summary>
public sealed record JudgedStory(string Text, string People, string Process, string Technology, IReadOnlyList<RatingRow> Ratings)
{
    public static JudgedStory Of(NominationStory story) => new(story.Text, story.People, story.Process, story.Technology, story.Ratings);
}

/// <summary>
/// The judge's side of step 5: their entries, their score sheets (save for later, submit, read-only after), conflicts
/// they declare. Every query is by the judge's own id and the assignment's unguessable key, so an entry that is not
/// theirs is not found (the page answers 404).
/// </summary>
public sealed class ScoringService(AwardsDbContext db, JudgingSetups setups, TimeProvider clock)
{
    /// <summary>What blind judging shows instead of the organization's name.</summary>
    public const string MaskedName = "[the organization]";

    private DateTime UtcNow => clock.GetUtcNow().UtcDateTime;

    public async Task<IReadOnlyList<JudgeEntryRow>> EntriesAsync(int judgeId, CancellationToken ct = default)
    {
        var rows = await (from a in db.JudgeAssignments.AsNoTracking()
                          join n in db.Nominations.AsNoTracking() on a.NominationId equals n.Id
                          join o in db.Organizations.AsNoTracking() on n.OrganizationId equals o.Id
                          join s in db.ScoreSheets.AsNoTracking() on a.Id equals s.AssignmentId into sheets
                          from s in sheets.DefaultIfEmpty()
                          where a.JudgeId == judgeId && a.ConflictDeclaredUtc == null
                          select new { a.Key, n.CycleId, n.CategoryName, n.Id, o.OfficialName, Sheet = s })
            .ToListAsync(ct);
        var result = new List<JudgeEntryRow>(rows.Count);
        var byCycle = new Dictionary<int, JudgingSetup>();
        foreach (var row in rows.OrderBy(r => r.CategoryName).ThenBy(r => r.Id))
        {
            // One set-up per cycle, read once however many entries the judge has in it.
            if (!byCycle.TryGetValue(row.CycleId, out var setup))
            {
                byCycle[row.CycleId] = setup = await setups.ForCycleAsync(row.CycleId, ct);
            }

            var name = setup.EntryNameForJudges(row.Id, row.OfficialName);
            var scored = row.Sheet?.Scores.Count(s => s.Score is not null && setup.Criteria.Any(c => c.Key == s.CriterionKey)) ?? 0;
            result.Add(new JudgeEntryRow(row.Key, row.CategoryName, name, row.Sheet?.State, scored, setup.Criteria.Count));
        }

        return result;
    }

    /// <summary>The entry behind <paramref name="assignmentKey"/> if it is this judge's and not recused; null otherwise.</summary>
    public async Task<JudgingEntry?> OpenAsync(int judgeId, Guid assignmentKey, CancellationToken ct = default)
    {
        var assignment = await db.JudgeAssignments.AsNoTracking().FirstOrDefaultAsync(a => a.Key == assignmentKey && a.JudgeId == judgeId && a.ConflictDeclaredUtc == null, ct);
        if (assignment is null)
        {
            return null;
        }

        var nomination = await db.Nominations.AsNoTracking().FirstAsync(n => n.Id == assignment.NominationId, ct);
        var organization = await db.Organizations.AsNoTracking().FirstAsync(o => o.Id == nomination.OrganizationId, ct);
        var cycle = await db.Cycles.AsNoTracking().FirstAsync(c => c.Id == nomination.CycleId, ct);
        var setup = await setups.ForCycleAsync(cycle.Id, ct);
        var panel = await db.Panels.AsNoTracking().FirstAsync(p => p.Id == assignment.PanelId, ct);
        var sheet = await db.ScoreSheets.AsNoTracking().Include(s => s.Changes).FirstOrDefaultAsync(s => s.AssignmentId == assignment.Id, ct);

        // Other judges' scores stay hidden until this judge has submitted their own, so nobody anchors on them.
        IReadOnlyList<ScoreSheet> others = [];
        if (sheet?.IsSubmitted == true)
        {
            others = await (from s in db.ScoreSheets.AsNoTracking()
                            join a in db.JudgeAssignments.AsNoTracking() on s.AssignmentId equals a.Id
                            where a.NominationId == nomination.Id && a.Id != assignment.Id && a.ConflictDeclaredUtc == null && s.State == ScoreSheetState.Submitted
                            select s).ToListAsync(ct);
        }

        var story = JudgedStory.Of(nomination.Story);
        var overview = nomination.Overview;
        if (setup.BlindJudging)
        {
            story = Mask(story, organization.OfficialName);
            overview = Mask(overview, organization.OfficialName);
        }

        return new JudgingEntry(assignment, nomination, cycle, setup, setup.EntryNameForJudges(nomination.Id, organization.OfficialName), story, overview, sheet, others, panel.LeadJudgeId == judgeId)
        {
            HiddenName = setup.BlindJudging ? organization.OfficialName : null,
        };
    }

    /// <summary>Saves the judge's scores for later, or submits them (every criterion scored, required comments written); a submitted sheet is read-only.</summary>
    public async Task<Attempt<JudgingOperationStatus>> SaveAsync(int judgeId, Guid assignmentKey, IReadOnlyList<CriterionScore> input, bool submit, int? expectedRevision,
        string actor, CancellationToken ct = default)
    {
        var assignment = await db.JudgeAssignments.AsNoTracking().FirstOrDefaultAsync(a => a.Key == assignmentKey && a.JudgeId == judgeId && a.ConflictDeclaredUtc == null, ct);
        if (assignment is null)
        {
            return Attempt<JudgingOperationStatus>.Fail(JudgingOperationStatus.NotFound, "That entry is not assigned to you.");
        }

        var nomination = await db.Nominations.FirstAsync(n => n.Id == assignment.NominationId, ct);
        if (!nomination.CanBeJudged)
        {
            return Attempt<JudgingOperationStatus>.Fail(JudgingOperationStatus.WrongState, "Judging of this entry has closed.");
        }

        var setup = await db.JudgingSetups.FirstOrDefaultAsync(s => s.CycleId == nomination.CycleId, ct) ?? await setups.CreateAsync(nomination.CycleId, ct);
        var sheet = await db.ScoreSheets.Include(s => s.Changes).FirstOrDefaultAsync(s => s.AssignmentId == assignment.Id, ct);
        if (sheet?.IsSubmitted == true)
        {
            return Attempt<JudgingOperationStatus>.Fail(JudgingOperationStatus.WrongState, "Your scores for this entry were submitted and are read-only. The lead judge or the awards team can reopen them.");
        }

        if (expectedRevision is { } revision && sheet is not null && sheet.Revision != revision)
        {
            return Attempt<JudgingOperationStatus>.Fail(JudgingOperationStatus.Conflict, "These scores were changed elsewhere (another tab). Reload to see the latest ones.");
        }

        var (scores, errors) = Check(setup.Criteria, input, submit);
        if (errors.Count > 0)
        {
            return Attempt<JudgingOperationStatus>.Fail(JudgingOperationStatus.Invalid, submit ? "Your scores were not submitted: please correct the fields marked." : "Please correct the fields marked.", errors);
        }

        var now = UtcNow;
        if (sheet is null)
        {
            sheet = new ScoreSheet(assignment.Id, now);
            db.ScoreSheets.Add(sheet);
        }

        sheet.Save(scores, actor, now);
        setup.Lock(now);
        if (submit)
        {
            sheet.Submit(now);
            nomination.RecordJudging(NominationEventKind.ScoresSubmitted, actor, now);
        }

        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            db.ChangeTracker.Clear();
            return Attempt<JudgingOperationStatus>.Fail(JudgingOperationStatus.Conflict, "These scores were changed elsewhere at the same moment. Reload and try again.");
        }
        catch (DbUpdateException)
        {
            // Two tabs made the first save of the same sheet at once (the unique index on the assignment).
            db.ChangeTracker.Clear();
            return Attempt<JudgingOperationStatus>.Fail(JudgingOperationStatus.Conflict, "These scores were saved elsewhere at the same moment. Reload and try again.");
        }

        return Attempt<JudgingOperationStatus>.Ok;
    }

    /// <summary>A judge declares a conflict on an entry assigned to them: it leaves their list and any score they gave stops counting.</summary>
    public async Task<Attempt<JudgingOperationStatus>> DeclareConflictAsync(int judgeId, Guid assignmentKey, string? reason, string actor, CancellationToken ct = default)
    {
        var assignment = await db.JudgeAssignments.FirstOrDefaultAsync(a => a.Key == assignmentKey && a.JudgeId == judgeId && a.ConflictDeclaredUtc == null, ct);
        if (assignment is null)
        {
            return Attempt<JudgingOperationStatus>.Fail(JudgingOperationStatus.NotFound, "That entry is not assigned to you.");
        }

        var checkedReason = TextLength.Check(reason, "The reason", JudgeAssignment.ConflictReasonMaxLength, "Say why you cannot judge this entry (for example: a client of my employer).");
        if (!checkedReason.IsValid)
        {
            return Attempt<JudgingOperationStatus>.Invalid(JudgingOperationStatus.Invalid, "ConflictReason", checkedReason.Error!);
        }

        var nomination = await db.Nominations.FirstAsync(n => n.Id == assignment.NominationId, ct);
        var now = UtcNow;
        assignment.DeclareConflict(checkedReason.Value!, now);
        if (nomination.CanBeJudged)
        {
            nomination.RecordJudging(NominationEventKind.ConflictDeclared, actor, now, checkedReason.Value);
        }

        await db.SaveChangesAsync(ct);
        return Attempt<JudgingOperationStatus>.Ok;
    }

    /// <summary>
    /// Reopens a submitted sheet, with a reason kept in its history. Allowed to staff (<paramref name="byStaff"/>) and
    /// to the lead judge of the entry's panel (<paramref name="leadJudgeId"/>).
    /// </summary>
    public async Task<Attempt<JudgingOperationStatus>> ReopenAsync(Guid assignmentKey, string? reason, bool byStaff, int? leadJudgeId, string actor, CancellationToken ct = default)
    {
        var assignment = await db.JudgeAssignments.AsNoTracking().FirstOrDefaultAsync(a => a.Key == assignmentKey, ct);
        var panel = assignment is null ? null : await db.Panels.AsNoTracking().FirstAsync(p => p.Id == assignment.PanelId, ct);
        if (assignment is null || !(byStaff || (leadJudgeId is not null && panel!.LeadJudgeId == leadJudgeId)))
        {
            return Attempt<JudgingOperationStatus>.Fail(JudgingOperationStatus.NotFound, "That score sheet does not exist.");
        }

        var sheet = await db.ScoreSheets.Include(s => s.Changes).FirstOrDefaultAsync(s => s.AssignmentId == assignment.Id, ct);
        if (sheet?.IsSubmitted != true)
        {
            return Attempt<JudgingOperationStatus>.Fail(JudgingOperationStatus.WrongState, "Only submitted scores can be reopened.");
        }

        var checkedReason = TextLength.Check(reason, "The reason", JudgeAssignment.ConflictReasonMaxLength, "Say why the scores are reopened; the judge and the history see it.");
        if (!checkedReason.IsValid)
        {
            return Attempt<JudgingOperationStatus>.Invalid(JudgingOperationStatus.Invalid, "ReopenReason", checkedReason.Error!);
        }

        var nomination = await db.Nominations.FirstAsync(n => n.Id == assignment.NominationId, ct);
        if (!nomination.CanBeJudged)
        {
            return Attempt<JudgingOperationStatus>.Fail(JudgingOperationStatus.WrongState, "Judging of this entry has closed.");
        }

        var now = UtcNow;
        sheet.Reopen(actor, checkedReason.Value!, now);
        nomination.RecordJudging(NominationEventKind.ScoresReopened, actor, now, checkedReason.Value);
        await db.SaveChangesAsync(ct);
        return Attempt<JudgingOperationStatus>.Ok;
    }

    /// <summary>The scores as stored (one per criterion of the set, cleaned), and the errors by field ("Scores[i].Score").</summary>
    internal static (IReadOnlyList<CriterionScore> Scores, Dictionary<string, string> Errors) Check(IReadOnlyList<Criterion> criteria, IReadOnlyList<CriterionScore> input,
        bool submit)
    {
        var errors = new Dictionary<string, string>();
        var scores = new List<CriterionScore>(criteria.Count);
        for (var i = 0; i < criteria.Count; i++)
        {
            var criterion = criteria[i];
            var given = input.FirstOrDefault(s => s.CriterionKey == criterion.Key);
            if (given?.Score is { } score && (score < 0 || score > criterion.Maximum))
            {
                errors[$"Scores[{i}].Score"] = $"Score {criterion.Name} from 0 to {criterion.Maximum}.";
            }
            else if (submit && given?.Score is null)
            {
                errors[$"Scores[{i}].Score"] = $"Score {criterion.Name} before submitting.";
            }

            var comment = TextLength.Check(given?.Comment, "The comment", ScoreSheet.CommentMaxLength);
            if (!comment.IsValid)
            {
                errors[$"Scores[{i}].Comment"] = comment.Error!;
            }
            else if (submit && criterion.CommentRequired && string.IsNullOrEmpty(comment.Value))
            {
                errors[$"Scores[{i}].Comment"] = $"{criterion.Name} needs a comment.";
            }

            scores.Add(new CriterionScore(criterion.Key, given?.Score, string.IsNullOrEmpty(comment.Value) ? null : comment.Value, given?.Shareable ?? false));
        }

        return (scores, errors);
    }

    /// <summary>The story with the organization's name replaced wherever it occurs (any case), for blind judging.</summary>
    internal static JudgedStory Mask(JudgedStory story, string name) => story with
    {
        Text = Mask(story.Text, name),
        People = Mask(story.People, name),
        Process = Mask(story.Process, name),
        Technology = Mask(story.Technology, name),
    };

    internal static string Mask(string? text, string name) =>
        string.IsNullOrEmpty(text) || string.IsNullOrWhiteSpace(name)
            ? text ?? ""
            : Regex.Replace(text, Regex.Escape(name.Trim()), MaskedName, RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
}

/// <summary>A cycle's judging set-up (score set and settings), made with the default criteria on first use.</summary>
public sealed class JudgingSetups(AwardsDbContext db)
{
    public async Task<JudgingSetup> ForCycleAsync(int cycleId, CancellationToken ct = default) =>
        await db.JudgingSetups.AsNoTracking().FirstOrDefaultAsync(s => s.CycleId == cycleId, ct) ?? await CreateAsync(cycleId, ct);

    /// <summary>Creates the cycle's set-up with the default criteria; when another request made it a moment earlier, returns that one.</summary>
    internal async Task<JudgingSetup> CreateAsync(int cycleId, CancellationToken ct)
    {
        var setup = new JudgingSetup(cycleId, JudgingSetup.DefaultCriteria());
        db.JudgingSetups.Add(setup);
        try
        {
            await db.SaveChangesAsync(ct);
            return setup;
        }
        catch (DbUpdateException)
        {
            db.Entry(setup).State = EntityState.Detached;
            return await db.JudgingSetups.FirstAsync(s => s.CycleId == cycleId, ct);
        }
    }

    /// <summary>Staff replace the criteria (until the first score is saved) and the settings.</summary>
    public async Task<Attempt<JudgingOperationStatus>> SaveAsync(int cycleId, IReadOnlyList<Criterion>? criteria, bool blindJudging, bool entrantFeedback, CancellationToken ct = default)
    {
        var setup = await db.JudgingSetups.FirstOrDefaultAsync(s => s.CycleId == cycleId, ct) ?? await CreateAsync(cycleId, ct);
        if (criteria is not null)
        {
            var cleaned = criteria.Select(c => c with { Name = TextLength.Clean(c.Name), Guidance = TextLength.Clean(c.Guidance) }).ToList();
            if (ScoreSetRules.Check(cleaned) is { Count: > 0 } errors)
            {
                return Attempt<JudgingOperationStatus>.Fail(JudgingOperationStatus.Invalid, "Please correct the fields marked.", errors);
            }

            if (!setup.ReplaceCriteria(cleaned))
            {
                return Attempt<JudgingOperationStatus>.Fail(JudgingOperationStatus.WrongState, "The criteria are locked: judges have saved scores with them. The settings can still change.");
            }
        }

        setup.UpdateSettings(blindJudging, entrantFeedback);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            db.ChangeTracker.Clear();
            return Attempt<JudgingOperationStatus>.Fail(JudgingOperationStatus.Conflict, "A judge saved the first scores a moment ago: the criteria are now locked. Reload the page.");
        }

        return Attempt<JudgingOperationStatus>.Ok;
    }
}
