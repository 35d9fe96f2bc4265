using Microsoft.Extensions.DependencyInjection;
using SqmSite.Awards.Cycles;
using SqmSite.Awards.Data;
using SqmSite.Awards.Judging;
using SqmSite.Awards.Nominations;
using SqmSite.Awards.Organizations;
using SqmSite.Awards.Winners;
using SqmSite.Cms.Content;

namespace SqmSite.Testing;

/// <summary>
/// Arranges a declared winner the way the site makes one: a submitted story (steps 1 to 4), a logo, the winner declared
/// by its panel, and when asked its publishing consent recorded on paper. Its winner story is then a draft to publish.
/// </summary>
public static class DeclaredWinners
{
    public static async Task<(Nomination Nomination, ContentNode Story)> AddAsync(IServiceProvider services, AwardCycle cycle, Guid categoryKey,
        string categoryName, string organization, bool consent)
    {
        var nomination = await SubmittedStories.AddAsync(services.GetRequiredService<AwardsDbContext>(), cycle, categoryKey, categoryName, organization);
        await using (var logo = new MemoryStream(TestImages.Png(300, 300)))
        {
            Check(await services.GetRequiredService<OrganizationService>().SetLogoAsync(nomination.OrganizationId, logo, "logo.png", "nominee") is null, "the logo was refused");
        }

        var panel = await services.GetRequiredService<PanelService>().PanelAsync(cycle.Id, categoryKey, categoryName);
        var declared = await services.GetRequiredService<ResultsService>().DeclareAsync(panel.Key, nomination.Key, null, "staff");
        Check(declared.Succeeded, declared.Message);
        if (consent)
        {
            await using var pdf = new MemoryStream(TestPdfs.Plain("Signed"));
            var signed = await services.GetRequiredService<ConsentService>().RecordPaperAsync(nomination.Key, "Pat Signer", "CEO", PublishingChannels.All,
                DateOnly.FromDateTime(DateTime.UtcNow), pdf, "signed.pdf", "staff");
            Check(signed.Succeeded, signed.Message);
        }

        var story = await services.GetRequiredService<WinnerStoryService>().StoryNodeAsync(nomination.Id);
        Check(story is not null, "no winner story was made");
        return (nomination, story!);
    }

    private static void Check(bool condition, string? message)
    {
        if (!condition)
        {
            throw new InvalidOperationException("Arranging a winner failed: " + message);
        }
    }
}
