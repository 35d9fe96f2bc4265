using SqmSite.Awards.Cycles;
using SqmSite.Awards.Data;
using SqmSite.Awards.Nominations;
using SqmSite.Awards.Organizations;

namespace SqmSite.Testing;

/// <summary>
/// Arranges what judging starts from: a new organization whose entry went through steps 1 to 4 (each step through the
/// domain, at a time inside its window) and whose story is submitted. Steps 1 to 4 have tests of their own.
/// </summary>
public static class SubmittedStories
{
    public static async Task<Nomination> AddAsync(AwardsDbContext db, AwardCycle cycle, Guid categoryKey, string categoryName, string organization)
    {
        var org = new Organization(organization, "https://example.org", isClient: false, cycle.Dates.ApplicationsOpenUtc);
        db.Organizations.Add(org);
        await db.SaveChangesAsync();
        return await AddForAsync(db, cycle, categoryKey, categoryName, org.Id, organization);
    }

    /// <summary>The same for an organization that exists (one with portal accounts, for tests that sign in as it).</summary>
    public static async Task<Nomination> AddForAsync(AwardsDbContext db, AwardCycle cycle, Guid categoryKey, string categoryName, int organizationId, string organization)
    {
        var (nomination, applied) = Nomination.Apply(cycle, organizationId, categoryKey, categoryName, $"{organization} answers every email completely.", false,
            "nominee@example.org", cycle.Dates.ApplicationsOpenUtc.AddMinutes(1));
        Check(applied);
        var n = nomination!;
        Check(n.SubmitChecklist(cycle, Guid.NewGuid(), "nominee", cycle.Dates.ChecklistDueUtc.AddMinutes(-1)));
        Check(n.ReviewChecklist(true, null, "staff", cycle.Dates.ChecklistDueUtc));
        Check(n.DecideFinalist(true, "staff", cycle.Dates.FinalistsNotifiedByUtc.AddMinutes(-1)));
        Check(n.ReleaseDecision(cycle, "staff", cycle.Dates.FinalistsNotifiedByUtc.AddMinutes(1)));
        Check(n.SubmitStory(cycle, Story(cycle, organization), "nominee", cycle.Dates.StoriesDueUtc.AddMinutes(-1)));
        db.Nominations.Add(n);
        await db.SaveChangesAsync();
        return n;
    }

    /// <summary>A complete story that names the organization twice (once in capitals), for blind judging to mask.</summary>
    public static StoryDraft Story(AwardCycle cycle, string organization) => new(
        $"At {organization} every email gets one complete answer. {organization.ToUpperInvariant()} measures it every month.",
        "Email specialists", "Quality loop", "Templates",
        [
            .. cycle.RatingsYears.Select(y => new RatingRow(RatingMetric.Fcr, y, 78, 1200, "Post-contact survey", MeasuredBy.Customer)),
            .. cycle.RatingsYears.Select(y => new RatingRow(RatingMetric.Csat, y, 88, 900, "Post-contact survey", MeasuredBy.Customer)),
        ]);

    private static void Check(SqmSite.Cms.Attempt<NominationOperationStatus> step)
    {
        if (!step.Succeeded)
        {
            throw new InvalidOperationException("Arranging a submitted story failed: " + step.Message);
        }
    }
}
