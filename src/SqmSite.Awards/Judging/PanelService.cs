using Microsoft.EntityFrameworkCore;
using SqmSite.Awards.Data;
using SqmSite.Awards.Nominations;
using SqmSite.Cms;

namespace SqmSite.Awards.Judging;

/// <summary>A submitted entry of a panel's category, with its judges as staff see them.</summary>
public sealed record PanelEntry(int NominationId, Guid NominationKey, int OrganizationId, string OrganizationName, IReadOnlyList<PanelEntryJudge> Judges);

/// <summary>One judge's assignment on an entry: a conflict shows its reason; a sheet shows how far it is.</summary>
public sealed record PanelEntryJudge(Guid AssignmentKey, int JudgeId, string JudgeName, AssignmentSource Source, ScoreSheetState? Sheet, string? ConflictReason);

/// <summary>A panel with its category's submitted entries and the judges who can sit on it.</summary>
public sealed record PanelView(Panel Panel, IReadOnlyList<JudgeProfile> Members, IReadOnlyList<JudgeProfile> AllJudges, IReadOnlyList<PanelEntry> Entries);

/// <summary>
/// Staff's side of assignment: the panel per category and cycle, assigning by hand, and "assign automatically" as a
/// dry run (<see cref="PlanAsync"/>, which changes nothing) followed by saving the plan (<see cref="ApplyPlanAsync"/>).
/// Every assignment and removal lands in the nomination's audit log.
/// </summary>
public sealed class PanelService(AwardsDbContext db, TimeProvider clock)
{
    private DateTime UtcNow => clock.GetUtcNow().UtcDateTime;

    /// <summary>The category's panel, made (empty, three judges per entry) on first use.</summary>
    public async Task<Panel> PanelAsync(int cycleId, Guid categoryKey, string categoryName, CancellationToken ct = default)
    {
        if (await db.Panels.AsNoTracking().FirstOrDefaultAsync(p => p.CycleId == cycleId && p.CategoryKey == categoryKey, ct) is { } existing)
        {
            return existing;
        }

        var panel = new Panel(cycleId, categoryKey, categoryName);
        db.Panels.Add(panel);
        try
        {
            await db.SaveChangesAsync(ct);
            return panel;
        }
        catch (DbUpdateException)
        {
            // Another request formed it a moment earlier.
            db.ChangeTracker.Clear();
            return await db.Panels.AsNoTracking().FirstAsync(p => p.CycleId == cycleId && p.CategoryKey == categoryKey, ct);
        }
    }

    public async Task<IReadOnlyList<Panel>> PanelsAsync(int cycleId, CancellationToken ct = default) =>
        await db.Panels.AsNoTracking().Where(p => p.CycleId == cycleId).ToListAsync(ct);

    public async Task<PanelView?> ViewAsync(Guid panelKey, CancellationToken ct = default)
    {
        var panel = await db.Panels.AsNoTracking().FirstOrDefaultAsync(p => p.Key == panelKey, ct);
        if (panel is null)
        {
            return null;
        }

        var judges = await db.Judges.AsNoTracking().OrderBy(j => j.Name).ToListAsync(ct);
        var entries = await EntriesAsync(panel, judges, ct);
        return new PanelView(panel, [.. judges.Where(j => panel.Has(j.Id))], judges, entries);
    }

    /// <summary>The submitted stories of the panel's category with their assignments.</summary>
    private async Task<IReadOnlyList<PanelEntry>> EntriesAsync(Panel panel, IReadOnlyList<JudgeProfile> judges, CancellationToken ct)
    {
        var nominations = await (from n in db.Nominations.AsNoTracking()
                                 join o in db.Organizations.AsNoTracking() on n.OrganizationId equals o.Id
                                 where n.CycleId == panel.CycleId && n.CategoryKey == panel.CategoryKey && n.State == NominationState.StorySubmitted
                                 orderby o.OfficialName
                                 select new { n.Id, n.Key, n.OrganizationId, o.OfficialName }).ToListAsync(ct);
        var ids = nominations.Select(n => n.Id).ToList();
        var assignments = await (from a in db.JudgeAssignments.AsNoTracking()
                                 join s in db.ScoreSheets.AsNoTracking() on a.Id equals s.AssignmentId into sheets
                                 from s in sheets.DefaultIfEmpty()
                                 where ids.Contains(a.NominationId)
                                 select new { a, State = s == null ? (ScoreSheetState?)null : s.State }).ToListAsync(ct);
        var names = judges.ToDictionary(j => j.Id, j => j.Name);
        return [.. nominations.Select(n => new PanelEntry(n.Id, n.Key, n.OrganizationId, n.OfficialName, [.. assignments.Where(x => x.a.NominationId == n.Id)
            .OrderBy(x => names.GetValueOrDefault(x.a.JudgeId))
            .Select(x => new PanelEntryJudge(x.a.Key, x.a.JudgeId, names.GetValueOrDefault(x.a.JudgeId, "A former judge"), x.a.Source, x.State, x.a.ConflictReason))]))];
    }

    public async Task<Attempt<JudgingOperationStatus>> UpdatePanelAsync(Guid panelKey, IEnumerable<int> judgeIds, int? leadJudgeId, int judgesPerEntry, CancellationToken ct = default)
    {
        var panel = await db.Panels.FirstOrDefaultAsync(p => p.Key == panelKey, ct);
        if (panel is null)
        {
            return Attempt<JudgingOperationStatus>.Fail(JudgingOperationStatus.NotFound, "That panel does not exist.");
        }

        var ids = judgeIds.Distinct().ToList();
        if (await db.Judges.CountAsync(j => ids.Contains(j.Id), ct) != ids.Count)
        {
            return Attempt<JudgingOperationStatus>.Invalid(JudgingOperationStatus.Invalid, "JudgeIds", "One of the judges chosen no longer exists. Reload the page.");
        }

        if (panel.Update(ids, leadJudgeId, judgesPerEntry) is { } problem)
        {
            return Attempt<JudgingOperationStatus>.Invalid(JudgingOperationStatus.Invalid, problem.StartsWith("The lead", StringComparison.Ordinal) ? "LeadJudgeId" : "JudgesPerEntry", problem);
        }

        await db.SaveChangesAsync(ct);
        return Attempt<JudgingOperationStatus>.Ok;
    }

    /// <summary>Assigns one judge to one entry by hand; the same rules as automatic assignment hold (on the panel, no never-judge or declared conflict).</summary>
    public async Task<Attempt<JudgingOperationStatus>> AssignAsync(Guid panelKey, Guid nominationKey, int judgeId, string actor, CancellationToken ct = default)
    {
        var panel = await db.Panels.AsNoTracking().FirstOrDefaultAsync(p => p.Key == panelKey, ct);
        var nomination = panel is null ? null
            : await db.Nominations.FirstOrDefaultAsync(n => n.Key == nominationKey && n.CycleId == panel.CycleId && n.CategoryKey == panel.CategoryKey, ct);
        var judge = await db.Judges.AsNoTracking().FirstOrDefaultAsync(j => j.Id == judgeId, ct);
        if (panel is null || nomination is null || judge is null)
        {
            return Attempt<JudgingOperationStatus>.Fail(JudgingOperationStatus.NotFound, "That entry or judge no longer exists. Reload the page.");
        }

        if (!panel.Has(judgeId))
        {
            return Attempt<JudgingOperationStatus>.Invalid(JudgingOperationStatus.Invalid, "JudgeId", $"{judge.Name} does not sit on this panel.");
        }

        if (judge.NeverJudge.Contains(nomination.OrganizationId))
        {
            return Attempt<JudgingOperationStatus>.Invalid(JudgingOperationStatus.Invalid, "JudgeId", $"{judge.Name} must never judge this organization.");
        }

        var existing = await db.JudgeAssignments.AsNoTracking().FirstOrDefaultAsync(a => a.NominationId == nomination.Id && a.JudgeId == judgeId, ct);
        if (existing is not null)
        {
            return Attempt<JudgingOperationStatus>.Invalid(JudgingOperationStatus.Invalid, "JudgeId", existing.IsConflict
                ? $"{judge.Name} declared a conflict on this entry."
                : $"{judge.Name} is already assigned to this entry.");
        }

        var now = UtcNow;
        if (nomination.RecordJudging(NominationEventKind.JudgeAssigned, actor, now, judge.Name) is { Succeeded: false } refused)
        {
            return Attempt<JudgingOperationStatus>.Fail(JudgingOperationStatus.WrongState, refused.Message!);
        }

        db.JudgeAssignments.Add(new JudgeAssignment(panel.Id, nomination.Id, judgeId, AssignmentSource.Manual, actor, now));
        return await SaveAsync(ct);
    }

    /// <summary>Removes an assignment that has no scores yet (a scored one stays, so no judge's work is lost; a conflict stays as the record).</summary>
    public async Task<Attempt<JudgingOperationStatus>> UnassignAsync(Guid assignmentKey, string actor, CancellationToken ct = default)
    {
        var assignment = await db.JudgeAssignments.FirstOrDefaultAsync(a => a.Key == assignmentKey, ct);
        if (assignment is null)
        {
            return Attempt<JudgingOperationStatus>.Fail(JudgingOperationStatus.NotFound, "That assignment no longer exists.");
        }

        if (assignment.IsConflict || await db.ScoreSheets.AnyAsync(s => s.AssignmentId == assignment.Id, ct))
        {
            return Attempt<JudgingOperationStatus>.Fail(JudgingOperationStatus.WrongState, assignment.IsConflict
                ? "A declared conflict stays on record."
                : "The judge has saved scores for this entry; the assignment stays so their work is not lost.");
        }

        var nomination = await db.Nominations.FirstAsync(n => n.Id == assignment.NominationId, ct);
        var judgeName = await db.Judges.Where(j => j.Id == assignment.JudgeId).Select(j => j.Name).FirstAsync(ct);
        if (nomination.RecordJudging(NominationEventKind.JudgeUnassigned, actor, UtcNow, judgeName) is { Succeeded: false } refused)
        {
            return Attempt<JudgingOperationStatus>.Fail(JudgingOperationStatus.WrongState, refused.Message!);
        }

        db.JudgeAssignments.Remove(assignment);
        return await SaveAsync(ct);
    }

    /// <summary>"Assign automatically", as a dry run: the plan with the reason for each choice and what cannot be met. Nothing is saved.</summary>
    public async Task<AssignmentPlan?> PlanAsync(Guid panelKey, CancellationToken ct = default)
    {
        var input = await PlanInputAsync(panelKey, ct);
        return input is null ? null : AutoAssignment.Plan(input.Value.Entries, input.Value.Judges, input.Value.Panel.JudgesPerEntry, input.Value.Existing);
    }

    /// <summary>
    /// Saves the automatic plan, computed again on what is saved now (so a plan shown a while ago cannot overwrite a
    /// later change): removals of unscored assignments, then the additions, in one transaction.
    /// </summary>
    public async Task<Attempt<AssignmentPlan, JudgingOperationStatus>> ApplyPlanAsync(Guid panelKey, string actor, CancellationToken ct = default)
    {
        var input = await PlanInputAsync(panelKey, ct);
        if (input is not { } found)
        {
            return Attempt<AssignmentPlan, JudgingOperationStatus>.Fail(JudgingOperationStatus.NotFound, "That panel does not exist.");
        }

        var plan = AutoAssignment.Plan(found.Entries, found.Judges, found.Panel.JudgesPerEntry, found.Existing);
        var now = UtcNow;
        var touched = plan.Add.Select(a => a.NominationId).Concat(plan.Remove.Select(r => r.NominationId)).Distinct().ToList();
        var nominations = await db.Nominations.Where(n => touched.Contains(n.Id)).ToDictionaryAsync(n => n.Id, ct);
        var names = found.Judges.ToDictionary(j => j.JudgeId, j => j.Name);
        foreach (var removal in plan.Remove)
        {
            var row = await db.JudgeAssignments.FirstAsync(a => a.NominationId == removal.NominationId && a.JudgeId == removal.JudgeId, ct);
            db.JudgeAssignments.Remove(row);
            nominations[removal.NominationId].RecordJudging(NominationEventKind.JudgeUnassigned, actor, now, names.GetValueOrDefault(removal.JudgeId, "A former judge"));
        }

        foreach (var addition in plan.Add)
        {
            db.JudgeAssignments.Add(new JudgeAssignment(found.Panel.Id, addition.NominationId, addition.JudgeId, AssignmentSource.Automatic, actor, now));
            nominations[addition.NominationId].RecordJudging(NominationEventKind.JudgeAssigned, actor, now, $"{names[addition.JudgeId]} (automatic): {addition.Reason}");
        }

        var saved = await SaveAsync(ct);
        return saved.Succeeded
            ? Attempt<AssignmentPlan, JudgingOperationStatus>.Ok(plan)
            : Attempt<AssignmentPlan, JudgingOperationStatus>.Fail(saved.Status, saved.Message!);
    }

    private async Task<(Panel Panel, IReadOnlyList<AssignmentEntry> Entries, IReadOnlyList<AssignmentJudge> Judges, IReadOnlyList<ExistingAssignment> Existing)?> PlanInputAsync(
        Guid panelKey, CancellationToken ct)
    {
        var panel = await db.Panels.AsNoTracking().FirstOrDefaultAsync(p => p.Key == panelKey, ct);
        if (panel is null)
        {
            return null;
        }

        var entries = await (from n in db.Nominations.AsNoTracking()
                             join o in db.Organizations.AsNoTracking() on n.OrganizationId equals o.Id
                             where n.CycleId == panel.CycleId && n.CategoryKey == panel.CategoryKey && n.State == NominationState.StorySubmitted && n.AwardedUtc == null
                             orderby n.Id
                             select new AssignmentEntry(n.Id, n.OrganizationId, o.OfficialName + " — " + n.CategoryName) { OrganizationName = o.OfficialName }).ToListAsync(ct);
        var ids = entries.Select(e => e.NominationId).ToList();
        var memberIds = panel.JudgeIds.ToList();
        var judges = (await db.Judges.AsNoTracking().Where(j => memberIds.Contains(j.Id)).ToListAsync(ct))
            .OrderBy(j => j.Id)
            .Select(j => new AssignmentJudge(j.Id, j.Name, j.NeverJudge.ToHashSet()))
            .ToList();
        var existing = await (from a in db.JudgeAssignments.AsNoTracking()
                              where ids.Contains(a.NominationId)
                              select new ExistingAssignment(a.NominationId, a.JudgeId, db.ScoreSheets.Any(s => s.AssignmentId == a.Id), a.ConflictDeclaredUtc != null))
            .ToListAsync(ct);
        return (panel, entries, judges, existing);
    }

    private async Task<Attempt<JudgingOperationStatus>> SaveAsync(CancellationToken ct)
    {
        try
        {
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            await db.SaveChangesAsync(ct);
            await transaction.CommitAsync(ct);
            return Attempt<JudgingOperationStatus>.Ok;
        }
        catch (DbUpdateException)
        {
            // The same judge and entry were assigned by someone else a moment ago (the unique index), or the nomination changed.
            db.ChangeTracker.Clear();
            return Attempt<JudgingOperationStatus>.Fail(JudgingOperationStatus.Conflict, "The assignments changed elsewhere at the same moment. Reload the page and try again.");
        }
    }
}
