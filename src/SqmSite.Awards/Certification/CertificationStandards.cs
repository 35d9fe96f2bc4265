using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using SqmSite.Awards.Data;
using SqmSite.Cms;
using SqmSite.Cms.Published;

namespace SqmSite.Awards.Certification;

/// <summary>An area on the staff's list of standards: its newest version, or null while none is stored (the firm's standard becomes version 1 when first used).</summary>
public sealed record StandardSummary(PublishedContent Area, CertificationStandard? Current);

/// <summary>One stored version of an area's standard and how many assessments are scored (or to be scored) on it.</summary>
public sealed record StandardVersion(CertificationStandard Standard, int Assessments);

/// <summary>A new version saved, and how many open assessments with nothing scored yet moved to it.</summary>
public sealed record StandardSaved(CertificationStandard Standard, int AssessmentsMoved);

/// <summary>The practice areas (the award categories' pages) and each one's onsite checklist, newest version first.</summary>
public sealed class CertificationStandards(AwardsDbContext db, IPublishedContentCache content, TimeProvider clock, ILogger<CertificationStandards> logger)
{
    /// <summary>
    /// The 17 areas a practice can be certified in: the published award category pages of the practice kind, in their
    /// order (awards for people, teams or employee satisfaction are not practice areas).
    /// </summary>
    public IReadOnlyList<PublishedContent> Areas() =>
        [.. content.Snapshot.All.Where(c => c.ContentTypeAlias == Cycles.AwardCategories.ContentTypeAlias
                && Nominations.CategoryKinds.Of(c).Kind == Nominations.CategoryKind.Practice)
            .OrderBy(c => c.SortOrder).ThenBy(c => c.Name, StringComparer.Ordinal)];

    /// <summary>The newest version of an area's checklist; the first version is made from the firm's standard when there is none.</summary>
    public async Task<CertificationStandard?> CurrentAsync(Guid areaKey, CancellationToken ct = default)
    {
        if (await db.CertificationStandards.Where(s => s.AreaKey == areaKey).OrderByDescending(s => s.Version).FirstOrDefaultAsync(ct) is { } standard)
        {
            return standard;
        }

        if (Areas().FirstOrDefault(a => a.Key == areaKey) is not { } area)
        {
            return null;
        }

        var first = new CertificationStandard(area.Key, area.Name, 1, FirstVersion(area.Name), clock.GetUtcNow().UtcDateTime);
        db.CertificationStandards.Add(first);
        try
        {
            await db.SaveChangesAsync(ct);
            return first;
        }
        catch (DbUpdateException)
        {
            // Another request made it at the same moment.
            db.ChangeTracker.Clear();
            return await db.CertificationStandards.Where(s => s.AreaKey == areaKey).OrderByDescending(s => s.Version).FirstAsync(ct);
        }
    }

    public Task<CertificationStandard?> FindAsync(int id, CancellationToken ct = default) =>
        db.CertificationStandards.AsNoTracking().FirstOrDefaultAsync(s => s.Id == id, ct);

    /// <summary>Every area with its newest stored version, in the areas' order.</summary>
    public async Task<IReadOnlyList<StandardSummary>> OverviewAsync(CancellationToken ct = default)
    {
        var areas = Areas();
        var keys = areas.Select(a => a.Key).ToList();
        var stored = await db.CertificationStandards.AsNoTracking().Where(s => keys.Contains(s.AreaKey)).ToListAsync(ct);
        var newest = stored.GroupBy(s => s.AreaKey).ToDictionary(g => g.Key, g => g.MaxBy(s => s.Version)!);
        return [.. areas.Select(a => new StandardSummary(a, newest.GetValueOrDefault(a.Key)))];
    }

    /// <summary>An area's stored versions, newest first, each with the number of assessments that use it.</summary>
    public async Task<IReadOnlyList<StandardVersion>> VersionsAsync(Guid areaKey, CancellationToken ct = default)
    {
        var versions = await db.CertificationStandards.AsNoTracking().Where(s => s.AreaKey == areaKey).OrderByDescending(s => s.Version).ToListAsync(ct);
        var ids = versions.Select(v => v.Id).ToList();
        var used = await db.CertificationAssessments.AsNoTracking().Where(a => ids.Contains(a.StandardId)).GroupBy(a => a.StandardId)
            .Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Key, g => g.Count, ct);
        return [.. versions.Select(v => new StandardVersion(v, used.GetValueOrDefault(v.Id)))];
    }

    /// <summary>
    /// Saves the edited checklist as the area's next version. Assessments keep the version they were scored on; open ones
    /// with nothing scored yet move to the new version in the same transaction (they will be scored on it). Refused with
    /// <see cref="CertificationStatus.Changed"/> when someone saved a version after <paramref name="basedOnVersion"/>,
    /// the one the page showed.
    /// </summary>
    public async Task<Attempt<StandardSaved, CertificationStatus>> SaveVersionAsync(Guid areaKey, int basedOnVersion, IReadOnlyList<CriterionDraft> rows, string by,
        CancellationToken ct = default)
    {
        if (Areas().FirstOrDefault(a => a.Key == areaKey) is not { } area || await CurrentAsync(areaKey, ct) is not { } current)
        {
            return Attempt<StandardSaved, CertificationStatus>.Fail(CertificationStatus.NotFound, "That practice area does not exist.");
        }

        var (criteria, errors) = StandardEditor.Read(rows);
        if (errors.Count > 0)
        {
            return Attempt<StandardSaved, CertificationStatus>.Fail(CertificationStatus.ValidationFailed,
                errors.Count == 1 ? errors.Values.Single() : "Please correct the fields marked.", errors);
        }

        if (current.Version != basedOnVersion)
        {
            return Attempt<StandardSaved, CertificationStatus>.Fail(CertificationStatus.Changed,
                $"Someone saved version {current.Version} of this standard after you opened it. Your changes are below, not saved: compare them with version {current.Version} and save again.");
        }

        var next = new CertificationStandard(area.Key, area.Name, current.Version + 1, criteria, clock.GetUtcNow().UtcDateTime);
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        db.CertificationStandards.Add(next);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            // The same version number saved by someone else a moment ago (the unique index).
            db.ChangeTracker.Clear();
            return Attempt<StandardSaved, CertificationStatus>.Fail(CertificationStatus.Changed,
                "Someone saved a new version of this standard a moment ago. Your changes are below, not saved: read the page again and save once more.");
        }

        // Open assessments with nothing scored follow the new version. The change of UpdatedUtc (their concurrency token)
        // makes a consultant's save of scores for the old version, already under way, fail instead of mixing the two.
        var now = clock.GetUtcNow().UtcDateTime;
        var moved = await db.CertificationAssessments
            .Where(a => a.AreaKey == areaKey && a.StandardId != next.Id && a.OnsiteScore == null
                && a.State != AssessmentState.Certified && a.State != AssessmentState.NotCertified)
            .ToListAsync(ct);
        moved = [.. moved.Where(a => a.TakesNewStandard)];
        foreach (var assessment in moved)
        {
            assessment.UseStandard(next, now);
        }

        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            db.ChangeTracker.Clear();
            return Attempt<StandardSaved, CertificationStatus>.Fail(CertificationStatus.Changed,
                "An assessment of this area was scored at the same moment. Nothing is saved: save again.");
        }

        await transaction.CommitAsync(ct);
        logger.LogInformation("Version {Version} of the {Area} standard saved by {User}; {Moved} open assessment(s) moved to it", next.Version, area.Name, by, moved.Count);
        return Attempt<StandardSaved, CertificationStatus>.Ok(new StandardSaved(next, moved.Count));
    }

    /// <summary>
    /// The first checklist of an area, from the firm's published standard: the practice is documented and followed, its
    /// effect on resolution and on customer satisfaction is measured, the frontline is involved, and it keeps improving.
    /// Weights add up to 100.
    /// </summary>
    public static IReadOnlyList<StandardCriterion> FirstVersion(string area) =>
    [
        new("documented", $"The {area} practice is written down as a standard, owned by a named person, and followed in daily work.", 20,
            $"Write the {area} practice down as an operational standard with an owner, and check that the floor follows it."),
        new("resolution", $"Its effect on first-contact resolution (FCR) and contact resolution is measured and has been positive.", 25,
            "Measure FCR and contact resolution before and after the practice, so its effect can be shown."),
        new("csat", "Its effect on customer satisfaction (Csat) is measured, linked to the practice, and has been positive.", 20,
            "Link customer survey results to the practice; Csat tied to the practice is the strongest evidence."),
        new("frontline", "Frontline employees are trained in it, involved in shaping it, and satisfied with it.", 20,
            "Involve CSRs in shaping the practice and train every one of them in it; survey their satisfaction with it."),
        new("improvement", "It is reviewed on a set schedule, and changes are made from data (QA ratings, surveys, trends).", 15,
            "Review the practice on a fixed schedule and record the changes made from QA and survey data."),
    ];
}
