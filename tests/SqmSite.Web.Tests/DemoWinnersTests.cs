using Microsoft.Extensions.DependencyInjection;
using SqmSite.Awards.Cycles;
using SqmSite.Awards.Data;
using SqmSite.Awards.Judging;
using SqmSite.Awards.Winners;
using SqmSite.Testing;

namespace SqmSite.Web.Tests;

/// <summary>The <c>--demo</c> flag's loader: nothing without it, fictitious winners of two announced years with it, once, and never beside real winners.</summary>
public sealed class DemoWinnersTests(SiteFactory site) : IClassFixture<SiteFactory>
{
    [Fact]
    public async Task The_demo_loads_fictitious_winners_of_two_announced_years_once_and_refuses_a_site_with_real_winners()
    {
        var before = await (await site.Browser().GetAsync("/winners/")).Content.ReadAsStringAsync();
        Assert.DoesNotContain("(demo)", before);

        Assert.True(await site.WithServicesAsync(s => s.GetRequiredService<DemoWinners>().LoadAsync()) >= 4);
        var list = await (await site.Browser().GetAsync("/winners/")).Content.ReadAsStringAsync();
        Assert.Contains("Northwind Contact (demo)", list);
        var current = site.Services.GetRequiredService<CycleCatalog>().Current!;
        var demoYears = site.Services.GetRequiredService<CycleCatalog>().All.Where(c => c.Name.StartsWith(DemoWinners.CyclePrefix, StringComparison.Ordinal)).ToList();
        Assert.Equal(2, demoYears.Count);
        Assert.All(demoYears, c => Assert.True(c.Dates.WinnersAnnouncedByUtc < DateTime.UtcNow && c.Year < current.Year));
        var year = await (await site.Browser().GetAsync($"/winners/{demoYears[0].Year}/")).Content.ReadAsStringAsync();
        Assert.Contains("No award this year.", year);
        Assert.Equal(0, await site.WithServicesAsync(s => s.GetRequiredService<DemoWinners>().LoadAsync()));

        // A real winner: the demo is refused from now on.
        await site.WithServicesAsync(async s =>
        {
            var page = site.Snapshot.All.First(c => c.ContentTypeAlias == "categoryPage");
            var nomination = await SubmittedStories.AddAsync(s.GetRequiredService<AwardsDbContext>(), current, page.Key, page.Name, "Real Winner Co");
            var panel = await s.GetRequiredService<PanelService>().PanelAsync(current.Id, page.Key, page.Name);
            return await s.GetRequiredService<ResultsService>().DeclareAsync(panel.Key, nomination.Key, null, "staff");
        });
        var refused = await Assert.ThrowsAsync<InvalidOperationException>(() => site.WithServicesAsync(s => s.GetRequiredService<DemoWinners>().LoadAsync()));
        Assert.Contains("--demo refused: this site has real winners", refused.Message);
    }
}
