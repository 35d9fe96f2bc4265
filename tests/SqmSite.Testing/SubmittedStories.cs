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
    public static Task<Nomination> AddAsync(AwardsDbContext db, AwardCycle cycle, Guid categoryKey, string categoryName, string organization) =>
        SqmSite.Awards.Winners.DemoWinners.SubmittedAsync(db, cycle, categoryKey, categoryName, organization, Story(cycle, organization));

    /// <summary>The same for an organization that exists (one with portal accounts, for tests that sign in as it).</summary>
    public static Task<Nomination> AddForAsync(AwardsDbContext db, AwardCycle cycle, Guid categoryKey, string categoryName, int organizationId, string organization) =>
        SqmSite.Awards.Winners.DemoWinners.SubmittedAsync(db, cycle, categoryKey, categoryName, organization, Story(cycle, organization), existingOrganizationId: organizationId);

    /// <summary>A complete story that names the organization twice (once in capitals), for blind judging to mask.</summary>
    public static StoryDraft Story(AwardCycle cycle, string organization) => new(
        $"At {organization} every email gets one complete answer. {organization.ToUpperInvariant()} measures it every month.",
        "Email specialists", "Quality loop", "Templates",
        [
            .. cycle.RatingsYears.Select(y => new RatingRow(RatingMetric.Fcr, y, 78, 1200, "Post-contact survey", MeasuredBy.Customer)),
            .. cycle.RatingsYears.Select(y => new RatingRow(RatingMetric.Csat, y, 88, 900, "Post-contact survey", MeasuredBy.Customer)),
        ]);
}
