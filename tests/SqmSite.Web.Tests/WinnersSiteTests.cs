using System.Net;
using Microsoft.Extensions.DependencyInjection;
using SqmSite.Awards.Cycles;
using SqmSite.Awards.Data;
using SqmSite.Awards.Judging;
using SqmSite.Awards.Organizations;
using SqmSite.Awards.Winners;
using SqmSite.Cms.Content;
using SqmSite.Cms.Security;
using SqmSite.Testing;

namespace SqmSite.Web.Tests;

/// <summary>
/// The past-winners site over HTTP: a published winner appears on every public path (its page with logo, OpenGraph
/// image and results, the year page, the list and its filter, the category page, the home page, the sitemap); a story
/// under embargo or without consent appears on none of them, and a withdrawal takes it off all of them at once.
/// </summary>
public sealed class WinnersSiteTests(SiteFactory site) : IClassFixture<SiteFactory>
{
    private static int _shift;

    /// <summary>A winner of a cycle <paramref name="yearsBack"/> years before the current one (announced when that is positive).</summary>
    private Task<(Guid NominationKey, int ContentId, AwardCycle Cycle, string Category)> WinnerAsync(string organization, int yearsBack, bool consent) =>
        site.WithServicesAsync(async s =>
        {
            var current = s.GetRequiredService<CycleCatalog>().Current!;
            var by = TimeSpan.FromDays(-365.25 * yearsBack);
            var dates = current.Dates.Shifted(by);
            var page = site.Snapshot.All.Where(c => c.ContentTypeAlias == "categoryPage").OrderBy(c => c.Name).ElementAt(Interlocked.Increment(ref _shift));
            var (cycle, problems) = await s.GetRequiredService<CycleService>().CreateAsync($"Test {current.Year - yearsBack}", current.Year - yearsBack, current.TimeZoneId, dates, [page.Key]);
            Assert.Empty(problems);
            var (nomination, node) = await DeclaredWinners.AddAsync(s, cycle!, page.Key, page.Name, organization, consent);
            return (nomination.Key, node.Id, cycle!, page.Name);
        });

    private Task<SqmSite.Cms.Attempt<ContentNode, ContentOperationStatus>> PublishAsync(int id) =>
        site.WithServicesAsync(s => s.GetRequiredService<ContentService>().PublishAsync(id, "marketing"));

    private async Task<string> TextAsync(string url)
    {
        var response = await site.Browser().GetAsync(url);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadAsStringAsync();
    }

    [Fact]
    public async Task A_published_winner_is_on_its_page_the_lists_the_category_page_the_home_page_and_the_sitemap_until_consent_is_withdrawn()
    {
        var (key, id, cycle, category) = await WinnerAsync("Published Winner Co", yearsBack: 2, consent: true);
        Assert.True((await PublishAsync(id)).Succeeded);
        var slug = ContentService.ToUrlSegment($"Published Winner Co {category}");
        var url = $"/winners/{cycle.Year}/{slug}/";

        var page = await TextAsync(url);
        Assert.Contains("Published Winner Co wins", page);
        Assert.Contains("<meta property=\"og:image\"", page);
        Assert.Contains("alt=\"Published Winner Co logo\"", page);
        Assert.Contains("data-results-chart", page);
        Assert.Contains("/lib/chartjs/chart.umd.min.js", page);
        Assert.Contains($"<th scope=\"row\">{cycle.RatingsYears[0]}</th><td>78%</td><td>88%</td>", page);

        Assert.Contains(url, await TextAsync("/winners/"));
        Assert.Contains(url, await TextAsync($"/winners/?year={cycle.Year}&category={Uri.EscapeDataString(category)}"));
        Assert.DoesNotContain(url, await TextAsync($"/winners/?year={cycle.Year - 1}"));
        Assert.Contains(url, await TextAsync($"/winners/{cycle.Year}/"));
        Assert.Contains(url, await TextAsync(site.Snapshot.All.Single(c => c.Name == category && c.ContentTypeAlias == "categoryPage").Url));
        Assert.Contains(url, await TextAsync("/"));
        Assert.Contains(url, await TextAsync("/sitemap.xml"));
        Assert.Contains(url, await SearchedAsync("Published Winner Co"));

        var withdrawn = await site.WithServicesAsync(s => s.GetRequiredService<ConsentService>().WithdrawAsync(key, DateOnly.FromDateTime(DateTime.UtcNow), "Asked to stop.", "staff"));
        Assert.True(withdrawn.Succeeded);
        Assert.Equal(HttpStatusCode.NotFound, (await site.Browser().GetAsync(url)).StatusCode);
        foreach (var list in new[] { "/winners/", $"/winners/{cycle.Year}/", "/", "/sitemap.xml" })
        {
            Assert.DoesNotContain("Published Winner Co", await TextAsync(list));
        }

        // Search too: the withdrawal unpublished the story, and the index let it go (the total counts the index itself).
        var deadline = DateTime.UtcNow.AddSeconds(2);
        while (await SearchedAsync("Published Winner Co") is var found && found.Contains("Published Winner Co", StringComparison.Ordinal))
        {
            Assert.True(DateTime.UtcNow < deadline, "the withdrawn winner is still found by search");
            await Task.Delay(20);
        }
    }

    /// <summary>The delivery API's search answer, once the index is live.</summary>
    private async Task<string> SearchedAsync(string words)
    {
        var index = site.Services.GetRequiredService<SqmSite.Cms.Search.Index.SearchIndex>();
        for (var i = 0; i < 500 && !index.State().Ready; i++)
        {
            await Task.Delay(20);
        }

        var deadline = DateTime.UtcNow.AddSeconds(2);
        while (true)
        {
            var text = await site.CreateClient().GetStringAsync("/api/delivery/v1/search?take=100&q=" + Uri.EscapeDataString(words));
            if (text.Contains(words, StringComparison.Ordinal) || DateTime.UtcNow > deadline)
            {
                return text;
            }

            await Task.Delay(20);
        }
    }

    [Fact]
    public async Task Under_embargo_or_without_consent_a_winner_is_on_no_public_path_and_the_editor_is_told_why()
    {
        var (_, embargoed, cycle, _) = await WinnerAsync("Embargoed Winner Co", yearsBack: -3, consent: true);
        var refused = await PublishAsync(embargoed);
        Assert.Contains("under embargo until", refused.Message);
        Assert.True((await site.WithServicesAsync(s => s.GetRequiredService<ContentService>().ScheduleAsync(embargoed, cycle.Dates.WinnersAnnouncedByUtc, null))).Succeeded);

        var (_, noConsent, _, _) = await WinnerAsync("Unconsented Winner Co", yearsBack: 3, consent: false);
        Assert.Contains("has not given publishing consent", (await PublishAsync(noConsent)).Message);

        foreach (var path in new[] { "/winners/", "/", "/sitemap.xml", $"/winners/{cycle.Year}/" })
        {
            var text = await TextAsync(path);
            Assert.DoesNotContain("Embargoed Winner Co", text);
            Assert.DoesNotContain("Unconsented Winner Co", text);
        }

        // The editor sees the reason beside the story before pressing publish.
        var marketing = await site.SignedInAsync(BackofficeRoles.Marketing);
        var editor = await (await marketing.GetAsync($"/backoffice/content/edit/{noConsent}")).Content.ReadAsStringAsync();
        Assert.Contains("has not given publishing consent yet", editor);
        Assert.Contains($"/backoffice/awards/winnerstories/compare/{noConsent}", editor);
        var compare = await marketing.GetAsync($"/backoffice/awards/winnerstories/compare/{noConsent}");
        Assert.Equal(HttpStatusCode.OK, compare.StatusCode);
        Assert.Contains("The texts are the same.", await compare.Content.ReadAsStringAsync());
        Assert.NotEqual(HttpStatusCode.OK, (await marketing.GetAsync("/backoffice/awards/winners")).StatusCode);
    }
}
