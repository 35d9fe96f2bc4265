using Microsoft.EntityFrameworkCore;
using SqmSite.Awards.Data;
using SqmSite.Cms.Published;

namespace SqmSite.Awards.Certification;

/// <summary>The practice areas (the award categories' pages) and each one's onsite checklist, newest version first.</summary>
public sealed class CertificationStandards(AwardsDbContext db, IPublishedContentCache content, TimeProvider clock)
{
    /// <summary>
    /// The 17 areas a practice can be certified in: the published award category pages of the practice kind, in their
    /// order (awards for people, teams or employee satisfaction are not practice areas).
    /// </summary>
    public IReadOnlyList<PublishedContent> Areas() =>
        [.. content.Snapshot.All.Where(c => c.ContentTypeAlias == Cycles.AwardCategories.ContentTypeAlias
                && Nominations.CategoryKinds.Parse(c.Value("kind")) == Nominations.CategoryKind.Practice)
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
