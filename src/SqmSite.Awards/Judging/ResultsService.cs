using System.Globalization;
using Microsoft.EntityFrameworkCore;
using SqmSite.Awards.Data;
using SqmSite.Awards.Nominations;
using SqmSite.Cms;
using SqmSite.Cms.Forms;

namespace SqmSite.Awards.Judging;

/// <summary>A leaderboard row with the entry's name (the organization's, or a number for a judge under blind judging), for pages and exports.</summary>
public sealed record ResultRow(LeaderboardRow Scores, Guid NominationKey, string EntryName);

/// <summary>One judge's progress on a panel: sheets submitted out of entries assigned.</summary>
public sealed record JudgeProgress(string Name, int Assigned, int Submitted, int Conflicts);

/// <summary>A category's results: the measures side by side, judges' progress, the criteria, and the decision if one was made.</summary>
public sealed record CategoryResults(Panel Panel, IReadOnlyList<Criterion> Criteria, IReadOnlyList<ResultRow> Rows, LeaderboardResult Board,
    IReadOnlyList<JudgeProgress> Progress, WinnerDecision? Decision);

/// <summary>
/// A finalist's outcome after the announcement: whether it won, and (when the cycle shares feedback) per criterion the
/// average and the shareable comments; no lines without the setting.
/// </summary>
public sealed record EntrantOutcome(bool Won, IReadOnlyList<EntrantFeedbackLine> Lines);

public sealed record EntrantFeedbackLine(string Criterion, int Maximum, double? Average, IReadOnlyList<string> Comments);

/// <summary>
/// Results of step 5: the leaderboard per category (for staff and the panel's lead judge), its export, and the winner
/// decision, exactly one per category and cycle (the domain checks the entry, a unique index holds under concurrency).
/// </summary>
public sealed class ResultsService(AwardsDbContext db, JudgingSetups setups, NominationMailer mailer, Winners.WinnerStoryService stories,
    Cms.Webhooks.IWebhookEvents webhooks, TimeProvider clock)
{
    private DateTime UtcNow => clock.GetUtcNow().UtcDateTime;

    /// <summary>
    /// The category's results. For a judge (<paramref name="forJudge"/>: the panel's lead) entries are named as on every
    /// judge's page, so blind judging hides the organizations here too; staff always see the names.
    /// </summary>
    public async Task<CategoryResults?> ForPanelAsync(Guid panelKey, bool forJudge, CancellationToken ct = default)
    {
        var panel = await db.Panels.AsNoTracking().FirstOrDefaultAsync(p => p.Key == panelKey, ct);
        if (panel is null)
        {
            return null;
        }

        var setup = await setups.ForCycleAsync(panel.CycleId, ct);
        var entries = await (from n in db.Nominations.AsNoTracking()
                             join o in db.Organizations.AsNoTracking() on n.OrganizationId equals o.Id
                             where n.CycleId == panel.CycleId && n.CategoryKey == panel.CategoryKey && n.State == NominationState.StorySubmitted
                             select new { n.Id, n.Key, o.OfficialName }).ToListAsync(ct);
        var ids = entries.Select(e => e.Id).ToList();
        var sheets = await (from a in db.JudgeAssignments.AsNoTracking()
                            join s in db.ScoreSheets.AsNoTracking() on a.Id equals s.AssignmentId into found
                            from s in found.DefaultIfEmpty()
                            where ids.Contains(a.NominationId)
                            select new { a.NominationId, a.JudgeId, Conflict = a.ConflictDeclaredUtc != null, Sheet = s }).ToListAsync(ct);

        // A sheet counts once submitted; a recused judge's sheet (or an empty recusal) counts as a recusal only.
        var inputs = sheets.Where(x => x.Conflict || x.Sheet?.IsSubmitted == true)
            .Select(x => new SheetInput(x.NominationId, x.JudgeId,
                x.Sheet?.Scores.Where(s => s.Score is not null).ToDictionary(s => s.CriterionKey, s => s.Score!.Value) ?? [], x.Conflict))
            .ToList();
        var board = Leaderboard.Compute(setup.Criteria, ids, inputs);
        var byId = entries.ToDictionary(e => e.Id);
        var rows = board.Rows.Select(r => new ResultRow(r, byId[r.NominationId].Key,
            forJudge ? setup.EntryNameForJudges(r.NominationId, byId[r.NominationId].OfficialName) : byId[r.NominationId].OfficialName)).ToList();
        var judgeIds = panel.JudgeIds.Concat(sheets.Select(s => s.JudgeId)).Distinct().ToList();
        var judges = await db.Judges.AsNoTracking().Where(j => judgeIds.Contains(j.Id)).ToListAsync(ct);
        var progress = judges.OrderBy(j => j.Name).Select(j => new JudgeProgress(j.Name,
            sheets.Count(s => s.JudgeId == j.Id && !s.Conflict),
            sheets.Count(s => s.JudgeId == j.Id && !s.Conflict && s.Sheet?.IsSubmitted == true),
            sheets.Count(s => s.JudgeId == j.Id && s.Conflict))).ToList();
        var decision = await db.WinnerDecisions.AsNoTracking().FirstOrDefaultAsync(d => d.CycleId == panel.CycleId && d.CategoryKey == panel.CategoryKey, ct);
        return new CategoryResults(panel, setup.Criteria, rows, board, progress, decision);
    }

    /// <summary>The leaderboard as a table for CSV and Excel (the forms' export writer: formula-safe cells, numbers as numbers).</summary>
    public static FormEntryExport.Table ToTable(CategoryResults results)
    {
        var headers = new List<string> { "Entry", "Score sheets", "Recusals", "Weighted mean", "Median", "Trimmed mean", "Normalised (z)", "Spread (SD)", "Judges disagree" };
        headers.AddRange(results.Criteria.Select(c => $"Mean: {c.Name}"));
        var rows = results.Rows.Select(r => (IReadOnlyList<FormEntryExport.Cell>)[
            new(r.EntryName), Number(r.Scores.Sheets), Number(r.Scores.Recusals), Number(r.Scores.WeightedMean), Number(r.Scores.Median),
            Number(r.Scores.TrimmedMean), Number(r.Scores.Normalised), Number(r.Scores.Spread), new(r.Scores.Disagreement ? "yes" : "no"),
            .. results.Criteria.Select(c => r.Scores.CriterionMeans.TryGetValue(c.Key, out var mean) ? Number(mean) : new FormEntryExport.Cell("")),
        ]).ToList();
        return new FormEntryExport.Table(headers, rows);
    }

    private static FormEntryExport.Cell Number(double? value) =>
        value is { } v ? new(v.ToString("0.00", CultureInfo.InvariantCulture), Math.Round((decimal)v, 4)) : new("");

    /// <summary>
    /// Declares the category's winner, or "no award this year" when <paramref name="nominationKey"/> is null. Once per
    /// category and cycle: a second declaration (also one made at the same moment) is refused.
    /// </summary>
    public async Task<Attempt<JudgingOperationStatus>> DeclareAsync(Guid panelKey, Guid? nominationKey, string? note, string actor, CancellationToken ct = default)
    {
        var panel = await db.Panels.AsNoTracking().FirstOrDefaultAsync(p => p.Key == panelKey, ct);
        if (panel is null)
        {
            return Attempt<JudgingOperationStatus>.Fail(JudgingOperationStatus.NotFound, "That category's panel does not exist.");
        }

        var checkedNote = TextLength.Check(note, "The note", WinnerDecision.NoteMaxLength, nominationKey is null ? "Say why there is no award this year." : null);
        if (!checkedNote.IsValid)
        {
            return Attempt<JudgingOperationStatus>.Invalid(JudgingOperationStatus.Invalid, "Note", checkedNote.Error!);
        }

        if (await db.WinnerDecisions.AnyAsync(d => d.CycleId == panel.CycleId && d.CategoryKey == panel.CategoryKey, ct))
        {
            return AlreadyDecided();
        }

        var now = UtcNow;
        Nomination? winner = null;
        if (nominationKey is { } key)
        {
            winner = await db.Nominations.FirstOrDefaultAsync(n => n.Key == key && n.CycleId == panel.CycleId && n.CategoryKey == panel.CategoryKey, ct);
            if (winner is null)
            {
                return Attempt<JudgingOperationStatus>.Invalid(JudgingOperationStatus.Invalid, "Winner", "Choose one of this category's entries.");
            }

            if (winner.DeclareWinner(checkedNote.Value, actor, now) is { Succeeded: false } refused)
            {
                return Attempt<JudgingOperationStatus>.Invalid(JudgingOperationStatus.WrongState, "Winner", refused.Message!);
            }
        }

        db.WinnerDecisions.Add(new WinnerDecision(panel.CycleId, panel.CategoryKey, winner?.Id, string.IsNullOrEmpty(checkedNote.Value) ? null : checkedNote.Value, actor, now));
        try
        {
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            await db.SaveChangesAsync(ct);
            await transaction.CommitAsync(ct);
        }
        catch (DbUpdateException)
        {
            // Another member of staff declared this category's winner at the same moment: the unique index kept one.
            db.ChangeTracker.Clear();
            return AlreadyDecided();
        }

        // The winner story's draft, for marketing (after the decision is safe: a failure here is retried from the Winners page).
        if (winner is not null)
        {
            await stories.EnsureDraftAsync(winner.Id, ct);
        }

        return Attempt<JudgingOperationStatus>.Ok;
    }

    /// <summary>Records the onsite visit of an entry being judged.</summary>
    public async Task<Attempt<JudgingOperationStatus>> RecordVisitAsync(Guid nominationKey, DateOnly? date, string? by, string? notes, string actor, CancellationToken ct = default)
    {
        var nomination = await db.Nominations.FirstOrDefaultAsync(n => n.Key == nominationKey, ct);
        if (nomination is null)
        {
            return Attempt<JudgingOperationStatus>.Fail(JudgingOperationStatus.NotFound, "That entry does not exist.");
        }

        if (date is null)
        {
            return Attempt<JudgingOperationStatus>.Invalid(JudgingOperationStatus.Invalid, "VisitDate", "Enter the date of the visit.");
        }

        var result = nomination.RecordOnsiteVisit(date.Value, by, notes, actor, UtcNow);
        if (!result.Succeeded)
        {
            return Attempt<JudgingOperationStatus>.Fail(result.Status == NominationOperationStatus.ValidationFailed ? JudgingOperationStatus.Invalid : JudgingOperationStatus.WrongState,
                result.Message!, result.Errors);
        }

        await db.SaveChangesAsync(ct);
        return Attempt<JudgingOperationStatus>.Ok;
    }

    /// <summary>
    /// At and after the cycle's announcement time (never before), tells the entrants of every decided category the
    /// outcome: each submitted story's people get the winner's or the not-a-winner email, and webhooks the
    /// <c>winner.announced</c> event, in the decision's own transaction, once (the decision is marked announced). Returns how many categories were announced.
    /// </summary>
    public async Task<int> AnnounceDueAsync(CancellationToken ct = default)
    {
        var now = UtcNow;
        var due = await (from d in db.WinnerDecisions
                         join c in db.Cycles on d.CycleId equals c.Id
                         where d.AnnouncedUtc == null
                         select new { Decision = d, Cycle = c }).ToListAsync(ct);
        var announced = 0;
        foreach (var item in due.Where(x => x.Cycle.Dates.WinnersAnnouncedByUtc <= now))
        {
            var entrants = await db.Nominations
                .Where(n => n.CycleId == item.Decision.CycleId && n.CategoryKey == item.Decision.CategoryKey && n.State == NominationState.StorySubmitted)
                .ToListAsync(ct);
            item.Decision.MarkAnnounced(now);
            foreach (var nomination in entrants)
            {
                nomination.RecordOutcomeAnnounced("system", now);
            }

            try
            {
                await using var transaction = await db.Database.BeginTransactionAsync(ct);
                await db.SaveChangesAsync(ct);
                foreach (var nomination in entrants)
                {
                    foreach (var recorded in nomination.TakeRecordedEvents())
                    {
                        await mailer.QueueAsync(nomination, item.Cycle, recorded, ct);
                    }
                }

                await Winners.WinnerAnnouncedWebhook.RaiseAsync(webhooks, db, item.Cycle, item.Decision, ct);
                await transaction.CommitAsync(ct);
                announced++;
            }
            catch (DbUpdateConcurrencyException)
            {
                // Another instance announced it, or a nomination changed, at the same moment: the next pass looks again.
                db.ChangeTracker.Clear();
            }
        }

        return announced;
    }

    /// <summary>
    /// What a finalist may see of its judging: nothing (null) before its category is announced; then whether it won
    /// and, when the cycle shares feedback, the average per criterion over the sheets that count and the comments
    /// judges marked shareable, with no judge named.
    /// </summary>
    public async Task<EntrantOutcome?> OutcomeAsync(Nomination nomination, CancellationToken ct = default)
    {
        var decision = await db.WinnerDecisions.AsNoTracking().FirstOrDefaultAsync(d => d.CycleId == nomination.CycleId && d.CategoryKey == nomination.CategoryKey, ct);
        if (decision?.AnnouncedUtc is null || nomination.State != NominationState.StorySubmitted)
        {
            return null;
        }

        var won = decision.NominationId == nomination.Id;
        var setup = await setups.ForCycleAsync(nomination.CycleId, ct);
        if (!setup.EntrantFeedback)
        {
            return new EntrantOutcome(won, []);
        }

        var sheets = await (from s in db.ScoreSheets.AsNoTracking()
                            join a in db.JudgeAssignments.AsNoTracking() on s.AssignmentId equals a.Id
                            where a.NominationId == nomination.Id && a.ConflictDeclaredUtc == null && s.State == ScoreSheetState.Submitted
                            select s).ToListAsync(ct);
        var lines = setup.Criteria.Select(c =>
        {
            var scores = sheets.Select(s => s.For(c.Key)).Where(s => s?.Score is not null).Select(s => (double)s!.Score!.Value).ToList();
            var comments = sheets.Select(s => s.For(c.Key)).Where(s => s is { Shareable: true } && !string.IsNullOrWhiteSpace(s.Comment)).Select(s => s!.Comment!).ToList();
            return new EntrantFeedbackLine(c.Name, c.Maximum, scores.Count == 0 ? null : scores.Average(), comments);
        }).ToList();
        return new EntrantOutcome(won, sheets.Count == 0 ? [] : lines);
    }

    private static Attempt<JudgingOperationStatus> AlreadyDecided() =>
        Attempt<JudgingOperationStatus>.Fail(JudgingOperationStatus.WrongState, "This category's result has already been declared.");
}
