using Microsoft.Extensions.DependencyInjection;
using SqmSite.Awards.Cycles;
using SqmSite.Awards.Data;
using SqmSite.Awards.Judging;
using SqmSite.Awards.Nominations;
using SqmSite.Cms.Published;

namespace SqmSite.E2E;

/// <summary>Arranging winners through the app's services, for tests about what follows the decision (certificates, the gala).</summary>
internal static class WinnerSteps
{
    /// <summary>
    /// A submitted story in the category (of the organization, or of a new one named <paramref name="organization"/>),
    /// declared the winner and announced, as the announcement pass does at the cycle's time.
    /// </summary>
    public static Task<Nomination> AnnouncedWinnerAsync(BrowserFixture fixture, string category, int? organizationId, string organization) =>
        fixture.WithServicesAsync(async s =>
        {
            var cycle = s.GetRequiredService<CycleCatalog>().Current!;
            var db = s.GetRequiredService<AwardsDbContext>();
            var page = s.GetRequiredService<IPublishedContentCache>().Snapshot.All.Single(c => c.ContentTypeAlias == "categoryPage" && c.Name == category);
            var entry = organizationId is { } id
                ? await SqmSite.Testing.SubmittedStories.AddForAsync(db, cycle, page.Key, page.Name, id, organization)
                : await SqmSite.Testing.SubmittedStories.AddAsync(db, cycle, page.Key, page.Name, organization);
            var panel = await s.GetRequiredService<PanelService>().PanelAsync(cycle.Id, page.Key, page.Name);
            var declared = await s.GetRequiredService<ResultsService>().DeclareAsync(panel.Key, entry.Key, null, "staff");
            Assert.True(declared.Succeeded, declared.Message);

            var decision = db.WinnerDecisions.Single(d => d.CycleId == cycle.Id && d.CategoryKey == page.Key);
            decision.MarkAnnounced(DateTime.UtcNow);
            await db.SaveChangesAsync();
            return entry;
        });
}
