using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SqmSite.Awards.Cycles;
using SqmSite.Awards.Data;
using SqmSite.Awards.Judging;
using SqmSite.Awards.Nominations;
using SqmSite.Awards.Organizations;
using SqmSite.Awards.Winners;
using SqmSite.Cms.Content;
using SqmSite.Cms.Data;
using SqmSite.Cms.Published;
using SqmSite.Cms.Sync;
using SqmSite.Testing;

namespace SqmSite.Awards.Tests.Winners;

/// <summary>One declared winner of a cycle of its own, whose announcement is <c>until</c> after the fixture's clock.</summary>
internal sealed record Winner(Nomination Nomination, AwardCycle Cycle, Guid ContentKey, int ContentId);

/// <summary>What the winners' tests share: the site's document types and seed (imported once), and a declared winner with a logo.</summary>
internal static class WinnerTestKit
{
    private static int _years = 2030;

    public static async Task EnsureSeedAsync(AwardsFixture fixture) => await fixture.InScopeAsync(async s =>
    {
        if (!await s.GetRequiredService<CmsDbContext>().ContentNodes.AnyAsync(n => n.ContentTypeAlias == WinnerContentTypes.Index))
        {
            await s.GetRequiredService<SyncService>().ImportAsync(RepositoryPaths.USync);
        }

        return 0;
    });

    public static async Task<Winner> DeclaredAsync(AwardsFixture fixture, string organization, TimeSpan untilAnnouncement, int? sameOrganizationAs = null)
    {
        await EnsureSeedAsync(fixture);
        var category = Guid.NewGuid();
        var now = fixture.Clock.GetUtcNow().UtcDateTime;
        var template = fixture.Cycle.Dates;
        var dates = template.Shifted(now + untilAnnouncement - template.WinnersAnnouncedByUtc);
        var year = Interlocked.Increment(ref _years);
        var (cycle, problems) = await fixture.InScopeAsync(s => s.GetRequiredService<CycleService>()
            .CreateAsync($"Winners test {year}", year, fixture.Cycle.TimeZoneId, dates, [category]));
        Assert.Empty(problems);
        var nomination = await fixture.InScopeAsync(s => SqmSite.Awards.Winners.DemoWinners.SubmittedAsync(s.GetRequiredService<AwardsDbContext>(), cycle!, category,
            "Email Channel", organization, SubmittedStories.Story(cycle!, organization), default, sameOrganizationAs));
        await fixture.InScopeAsync(async s =>
        {
            await using var logo = new MemoryStream(TestImages.Png(400, 400));
            Assert.Null(await s.GetRequiredService<OrganizationService>().SetLogoAsync(nomination.OrganizationId, logo, "logo.png", "nominee"));
            return 0;
        });
        var panel = await fixture.InScopeAsync(s => s.GetRequiredService<PanelService>().PanelAsync(cycle!.Id, category, "Email Channel"));
        var declared = await fixture.InScopeAsync(s => s.GetRequiredService<ResultsService>().DeclareAsync(panel.Key, nomination.Key, "Clear results.", "staff"));
        Assert.True(declared.Succeeded, declared.Message);
        var node = await fixture.InScopeAsync(s => s.GetRequiredService<WinnerStoryService>().StoryNodeAsync(nomination.Id));
        Assert.NotNull(node);
        return new Winner(nomination, cycle!, node.Key, node.Id);
    }

    public static Task<SqmSite.Cms.Attempt<WinnersOperationStatus>> PaperConsentAsync(AwardsFixture fixture, Winner winner) => fixture.InScopeAsync(async s =>
    {
        await using var pdf = new MemoryStream(TestPdfs.Plain("Signed terms"));
        return await s.GetRequiredService<ConsentService>().RecordPaperAsync(winner.Nomination.Key, "Pat Signer", "Chief executive", PublishingChannels.All,
            DateOnly.FromDateTime(fixture.Clock.GetUtcNow().UtcDateTime), pdf, "signed-terms.pdf", "staff@example.org");
    });

    public static Task<SqmSite.Cms.Attempt<WinnersOperationStatus>> WithdrawAsync(AwardsFixture fixture, Winner winner) => fixture.InScopeAsync(s =>
        s.GetRequiredService<ConsentService>().WithdrawAsync(winner.Nomination.Key, DateOnly.FromDateTime(fixture.Clock.GetUtcNow().UtcDateTime),
            "The organization asked us to stop.", "staff@example.org"));

    public static Task<SqmSite.Cms.Attempt<ContentNode, ContentOperationStatus>> PublishAsync(AwardsFixture fixture, Winner winner) =>
        fixture.InScopeAsync(s => s.GetRequiredService<ContentService>().PublishAsync(winner.ContentId, "marketing@example.org"));

    /// <summary>Whether anything of the winner is public: its story in the published snapshot, or its logo in the media library.</summary>
    public static Task<(bool StoryLive, bool LogoInLibrary)> PublicAsync(AwardsFixture fixture, Winner winner) => fixture.InScopeAsync(async s =>
    {
        var live = s.GetRequiredService<IPublishedContentCache>().Snapshot.ByKey(winner.ContentKey) is not null;
        var link = await s.GetRequiredService<AwardsDbContext>().WinnerStories.AsNoTracking().SingleAsync(l => l.NominationId == winner.Nomination.Id);
        var logo = link.LogoMediaKey is { } k && await s.GetRequiredService<SqmSite.Cms.Media.IMediaService>().GetAsync(k) is not null;
        return (live, logo);
    });

    public static Task<bool> ConsentInForceAsync(AwardsFixture fixture, Winner winner) => fixture.InScopeAsync(async s =>
        await s.GetRequiredService<ConsentService>().InForceAsync(winner.Nomination.Id) is not null);

    /// <summary>
    /// A uSync import of the story, marked published, as another environment would send it: the import publishes
    /// through the engine, so the guard decides.
    /// </summary>
    public static Task ImportPublishedAsync(AwardsFixture fixture, Winner winner) => fixture.InScopeAsync(async s =>
    {
        var content = s.GetRequiredService<ContentService>();
        var node = (await content.GetNodeAsync(winner.ContentId))!;
        var latest = (await content.GetLatestVersionAsync(node))!;
        var parent = (await content.GetNodeAsync(node.ParentId!.Value))!;
        var folder = Directory.CreateTempSubdirectory("winner-import");
        try
        {
            Directory.CreateDirectory(Path.Combine(folder.FullName, "Content"));
            var file = new Dictionary<string, object?>
            {
                ["key"] = node.Key, ["parentKey"] = parent.Key, ["contentType"] = WinnerContentTypes.Story, ["name"] = latest.Name + " (imported)",
                ["urlSegment"] = latest.UrlSegment, ["sortOrder"] = node.SortOrder, ["published"] = true, ["values"] = latest.Values,
            };
            await File.WriteAllTextAsync(Path.Combine(folder.FullName, "Content", "story.json"), JsonSerializer.Serialize(file));
            await s.GetRequiredService<SyncService>().ImportAsync(folder.FullName);
        }
        finally
        {
            folder.Delete(recursive: true);
        }

        return 0;
    });
}
