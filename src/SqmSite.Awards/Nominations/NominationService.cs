using Microsoft.EntityFrameworkCore;
using SqmSite.Awards.Cycles;
using SqmSite.Awards.Data;
using SqmSite.Cms;

namespace SqmSite.Awards.Nominations;

/// <summary>
/// Runs the nomination steps: loads, asks the domain, commits in one transaction. Every method that a nominee
/// reaches takes the organization, so no one can act on another organization's nomination.
/// </summary>
public sealed class NominationService(AwardsDbContext db, NominationMailer mailer, TimeProvider clock)
{
    private DateTime UtcNow => clock.GetUtcNow().UtcDateTime;

    /// <summary>An organization's nominations in a cycle (all cycles when null).</summary>
    public async Task<IReadOnlyList<Nomination>> ForOrganizationAsync(int organizationId, int? cycleId = null, CancellationToken ct = default) =>
        await db.Nominations.AsNoTracking()
            .Where(n => n.OrganizationId == organizationId && (cycleId == null || n.CycleId == cycleId))
            .OrderBy(n => n.CategoryName).ToListAsync(ct);

    /// <summary>A nomination of this organization, or null: another organization's id answers like a missing one.</summary>
    public Task<Nomination?> FindForOrganizationAsync(int organizationId, Guid key, CancellationToken ct = default) =>
        db.Nominations.FirstOrDefaultAsync(n => n.Key == key && n.OrganizationId == organizationId, ct);

    public Task<Nomination?> FindAsync(Guid key, CancellationToken ct = default) => db.Nominations.FirstOrDefaultAsync(n => n.Key == key, ct);

    public async Task<IReadOnlyList<Nomination>> ForCycleAsync(int cycleId, NominationState? state = null, CancellationToken ct = default) =>
        await db.Nominations.AsNoTracking().Where(n => n.CycleId == cycleId && (state == null || n.State == state))
            .OrderBy(n => n.CategoryName).ThenBy(n => n.AppliedUtc).ToListAsync(ct);

    /// <summary>Staff's list of a cycle's nominations, with the organizations' names.</summary>
    public async Task<IReadOnlyList<StaffNominationRow>> StaffListAsync(int cycleId, NominationState? state = null, CancellationToken ct = default)
    {
        var rows = await db.Nominations.AsNoTracking()
            .Where(n => n.CycleId == cycleId && (state == null || n.State == state))
            .Join(db.Organizations, n => n.OrganizationId, o => o.Id, (n, o) => new StaffNominationRow(
                n.Key, o.OfficialName, n.CategoryName, n.State, n.AppliedUtc, n.DecisionReleasedUtc, n.IsResubmission, n.CategoryKey, n.OrganizationId)
            {
                SubjectName = n.SubjectName,
                SubjectJobTitle = n.SubjectJobTitle,
            })
            .ToListAsync(ct);

        // Sorted here: a query cannot order by a record it constructs.
        return [.. rows.OrderBy(r => r.CategoryName, StringComparer.OrdinalIgnoreCase).ThenBy(r => r.OrganizationName, StringComparer.OrdinalIgnoreCase)];
    }

    public Task<Organizations.Organization?> OrganizationAsync(int organizationId, CancellationToken ct = default) =>
        db.Organizations.AsNoTracking().FirstOrDefaultAsync(o => o.Id == organizationId, ct);

    /// <summary>
    /// Releases every decided but unreleased finalist decision of a cycle, in one transaction: all nominees hear
    /// at once, or none do.
    /// </summary>
    public async Task<(int Released, Attempt<NominationOperationStatus> Result)> ReleaseDecisionsAsync(int cycleId, string actor, CancellationToken ct = default)
    {
        var cycle = await db.Cycles.AsNoTracking().FirstOrDefaultAsync(c => c.Id == cycleId, ct);
        if (cycle is null)
        {
            return (0, Attempt<NominationOperationStatus>.Fail(NominationOperationStatus.NotFound, "That award cycle no longer exists."));
        }

        var pending = await db.Nominations
            .Where(n => n.CycleId == cycleId && n.DecisionReleasedUtc == null && (n.State == NominationState.Finalist || n.State == NominationState.NotSelected))
            .ToListAsync(ct);
        foreach (var nomination in pending)
        {
            var result = nomination.ReleaseDecision(cycle, actor, UtcNow);
            if (!result.Succeeded)
            {
                db.ChangeTracker.Clear();
                return (0, result);
            }
        }

        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        await db.SaveChangesAsync(ct);
        foreach (var nomination in pending)
        {
            await QueueEmailsAsync(nomination, cycle, ct);
        }

        await transaction.CommitAsync(ct);
        return (pending.Count, Attempt<NominationOperationStatus>.Ok);
    }

    private async Task QueueEmailsAsync(Nomination nomination, AwardCycle cycle, CancellationToken ct)
    {
        foreach (var recorded in nomination.TakeRecordedEvents())
        {
            await mailer.QueueAsync(nomination, cycle, recorded, ct);
        }
    }

    /// <summary>
    /// Step 1 for one category (and, where the category's kind takes several entries, one person or team). A second
    /// identical request (a double submit) returns the first nomination.
    /// </summary>
    public async Task<(Nomination? Nomination, Attempt<NominationOperationStatus> Result)> ApplyAsync(int cycleId, int organizationId, Guid categoryKey,
        string categoryName, string? overview, bool isResubmission, string actor, CancellationToken ct = default, CategoryKind kind = CategoryKind.Practice,
        EntrySubject? subject = null)
    {
        var cycle = await db.Cycles.AsNoTracking().FirstOrDefaultAsync(c => c.Id == cycleId, ct);
        if (cycle is null)
        {
            return (null, Attempt<NominationOperationStatus>.Fail(NominationOperationStatus.NotFound, "That award cycle no longer exists."));
        }

        var subjectKey = CategoryKinds.Of(kind).ManyEntriesPerOrganization ? (subject ?? EntrySubject.None).Key : "";
        var existing = await db.Nominations.AsNoTracking()
            .FirstOrDefaultAsync(n => n.OrganizationId == organizationId && n.CycleId == cycleId && n.CategoryKey == categoryKey && n.SubjectKey == subjectKey, ct);
        if (existing is not null)
        {
            return (existing, AlreadyApplied(existing));
        }

        var certificate = await CertificateForAsync(organizationId, categoryKey, kind, ct);
        var (nomination, result) = Nomination.Apply(cycle, organizationId, categoryKey, categoryName, overview, isResubmission, actor, UtcNow, kind, subject, certificate);
        if (!result.Succeeded)
        {
            return (null, result);
        }

        db.Nominations.Add(nomination!);
        try
        {
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            await db.SaveChangesAsync(ct);
            await QueueEmailsAsync(nomination!, cycle, ct);
            await transaction.CommitAsync(ct);
        }
        catch (DbUpdateException)
        {
            // Two requests raced past the check above; the unique index let one through. Answer with that one.
            db.ChangeTracker.Clear();
            var winner = await db.Nominations.AsNoTracking()
                .FirstAsync(n => n.OrganizationId == organizationId && n.CycleId == cycleId && n.CategoryKey == categoryKey && n.SubjectKey == subjectKey, ct);
            return (winner, AlreadyApplied(winner));
        }

        return (nomination, result);
    }

    private static Attempt<NominationOperationStatus> AlreadyApplied(Nomination existing) =>
        Attempt<NominationOperationStatus>.Fail(NominationOperationStatus.AlreadyApplied, $"You have already applied in {existing.Title}.");

    /// <summary>
    /// The certificate that makes an application eligible without the checklist, in force today: for a practice, one in
    /// the category's area; for the employee-satisfaction award, any of the organization's (the award requires one).
    /// </summary>
    private async Task<string?> CertificateForAsync(int organizationId, Guid categoryKey, CategoryKind kind, CancellationToken ct)
    {
        if (kind is not (CategoryKind.Practice or CategoryKind.EmployeeSatisfaction))
        {
            return null;
        }

        var today = DateOnly.FromDateTime(UtcNow);
        return await db.Certificates.AsNoTracking()
            .Where(c => c.OrganizationId == organizationId && (kind == CategoryKind.EmployeeSatisfaction || c.AreaKey == categoryKey)
                && c.Status == Certification.CertificateStatus.Active && c.IssuedOn <= today && c.ExpiresOn >= today)
            .OrderByDescending(c => c.ExpiresOn).Select(c => c.Number).FirstOrDefaultAsync(ct);
    }

    /// <summary>Runs one domain step on a nomination and commits it; refused steps change nothing.</summary>
    public async Task<Attempt<NominationOperationStatus>> StepAsync(Guid key, int? organizationId, Func<Nomination, AwardCycle, DateTime, Attempt<NominationOperationStatus>> step,
        int? expectedRevision = null, CancellationToken ct = default)
    {
        var nomination = await db.Nominations.FirstOrDefaultAsync(n => n.Key == key && (organizationId == null || n.OrganizationId == organizationId), ct);
        if (nomination is null)
        {
            return Attempt<NominationOperationStatus>.Fail(NominationOperationStatus.NotFound, "That nomination does not exist.");
        }

        if (expectedRevision is { } revision && revision != nomination.Revision)
        {
            return Attempt<NominationOperationStatus>.Fail(NominationOperationStatus.WrongState, "This nomination was changed elsewhere (another tab or a colleague). Reload to see the latest version.");
        }

        var cycle = await db.Cycles.AsNoTracking().FirstAsync(c => c.Id == nomination.CycleId, ct);
        var result = step(nomination, cycle, UtcNow);
        if (!result.Succeeded)
        {
            db.ChangeTracker.Clear();
            return result;
        }

        try
        {
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            await db.SaveChangesAsync(ct);
            await QueueEmailsAsync(nomination, cycle, ct);
            await transaction.CommitAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            db.ChangeTracker.Clear();
            return Attempt<NominationOperationStatus>.Fail(NominationOperationStatus.WrongState, "This nomination was changed elsewhere at the same moment. Reload and try again.");
        }

        return result;
    }
}

/// <summary>A line of staff's nomination list.</summary>
public sealed record StaffNominationRow(Guid Key, string OrganizationName, string CategoryName, NominationState State, DateTime AppliedUtc,
    DateTime? DecisionReleasedUtc, bool IsResubmission, Guid CategoryKey = default, int OrganizationId = 0)
{
    /// <summary>The person or team entered, where the category's kind names one.</summary>
    public string? SubjectName { get; init; }

    public string? SubjectJobTitle { get; init; }

    /// <summary>The category, with the person or team entered (<see cref="Nomination.Title"/>).</summary>
    public string Title => Nomination.EntryTitle(CategoryName, SubjectName, SubjectJobTitle);

    /// <summary>The organization's people ("Name <email>"), filled in by <see cref="StaffNominationList"/>.</summary>
    public IReadOnlyList<string> Contacts { get; init; } = [];

    /// <summary>The nomination's <see cref="Nomination.CanReleaseDecision"/>: a decision nominees have not heard yet.</summary>
    public bool CanReleaseDecision => Nomination.WaitsForRelease(State, DecisionReleasedUtc);
}
