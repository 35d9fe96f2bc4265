using System.Globalization;
using System.Net;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using SqmSite.Awards.Winners;
using SqmSite.Cms.Search.Index;

namespace SqmSite.Web.Tests;

/// <summary>
/// The year and category facets, on winner stories published the way real ones are (the <c>--demo</c> loader: declared
/// winners, consent signed, the story published through the consent guard), through the API and the search page. A site
/// of its own, so the stories do not change what the seeded-content tests rank.
/// </summary>
public sealed class SearchFacetsTests(SiteFactory site) : IClassFixture<SiteFactory>
{
    private const string Api = "/api/delivery/v1/search";

    [Fact]
    public async Task Year_and_category_facets_count_the_winner_stories_and_choosing_one_narrows_the_api_and_the_page()
    {
        var stories = await StoriesIndexedAsync();
        var years = stories.GroupBy(s => Year(s)).ToDictionary(g => g.Key, g => g.Count());
        var categories = stories.GroupBy(s => s.Value("category")!).ToDictionary(g => g.Key, g => g.Count());
        Assert.True(years.Count >= 2 && categories.Count >= 2, $"{years.Count} years, {categories.Count} categories");

        // Every story names its organization "… (demo)": the search for "demo" finds them all, and only them.
        var all = await ApiAsync("q=demo&take=100");
        Assert.Equal(stories.Count, all.GetProperty("total").GetInt32());
        Assert.Equal(years, Facet(all, "year").ToDictionary(v => v.Value, v => v.Count));
        Assert.Equal(categories, Facet(all, "category").ToDictionary(v => v.Value, v => v.Count));
        Assert.Equal(stories.Count, Facet(all, "type").Single(v => v.Value == "winnerStory").Count);

        // Choosing a year narrows to its stories, and the other facets count within it (drill-down).
        var (year, inYear) = years.First();
        var byYear = await ApiAsync($"q=demo&take=100&facet=year:{year}");
        Assert.Equal(inYear, byYear.GetProperty("total").GetInt32());
        Assert.All(Keys(byYear), key => Assert.Equal(year, Year(site.Snapshot.ByKey(key)!)));
        Assert.True(Facet(byYear, "year").Single().Selected);
        var categoriesInYear = stories.Where(s => Year(s) == year).GroupBy(s => s.Value("category")!).ToDictionary(g => g.Key, g => g.Count());
        Assert.Equal(categoriesInYear, Facet(byYear, "category").ToDictionary(v => v.Value, v => v.Count));

        var (category, count) = categoriesInYear.First();
        var both = await ApiAsync($"q=demo&take=100&facet=year:{year}&facet=category:{Uri.EscapeDataString(category)}");
        Assert.Equal(count, both.GetProperty("total").GetInt32());
        Assert.All(Keys(both), key => Assert.Equal(category, site.Snapshot.ByKey(key)!.Value("category")));
        Assert.Equal(0, (await ApiAsync("q=demo&facet=year:1901")).GetProperty("total").GetInt32());

        // The page shows the same counts as links, and following one narrows the results to them.
        var client = site.CreateClient();
        var page = await client.GetStringAsync("/search?q=demo");
        Assert.Contains($"href=\"/search?q=demo&amp;year={year}\">{year} <span class=\"facet-count\">({inYear})</span>", page);
        Assert.Contains($"href=\"/search?q=demo&amp;category={Uri.EscapeDataString(category)}\">", page);
        var narrowed = await client.GetStringAsync($"/search?q=demo&year={year}");
        Assert.Contains(inYear == 1 ? "1 result for" : $"{inYear} results for", narrowed);
        Assert.Contains("aria-current=\"true\"><strong>" + year + "</strong> (" + inYear + ")", narrowed);
        Assert.All(stories.Where(s => Year(s) != year), s => Assert.DoesNotContain($"href=\"{s.Url}\"", narrowed));
        Assert.All(stories.Where(s => Year(s) == year).Take(Cms.Search.Web.SearchController.PageSize), s => Assert.Contains($"href=\"{s.Url}\"", narrowed));
    }

    private static string Year(Cms.Published.PublishedContent story) => story.Number("year")!.Value.ToString("0", CultureInfo.InvariantCulture);

    private async Task<List<Cms.Published.PublishedContent>> StoriesIndexedAsync()
    {
        await site.WithServicesAsync(s => s.GetRequiredService<DemoWinners>().LoadAsync());
        var stories = site.Snapshot.All.Where(c => c.ContentTypeAlias == "winnerStory").ToList();
        Assert.NotEmpty(stories);
        var index = site.Services.GetRequiredService<SearchIndex>();
        var waited = await Eventually.WithinAsync(async () => index.State().Ready
            && (await ApiAsync("q=demo&take=0&facet=type:winnerStory")).GetProperty("total").GetInt32() == stories.Count, TimeSpan.FromSeconds(30));
        Assert.True(waited < TimeSpan.FromSeconds(30), "the winner stories were not all indexed");
        return stories;
    }

    private async Task<JsonElement> ApiAsync(string query)
    {
        var response = await site.CreateClient().GetAsync($"{Api}?{query}");
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{query}: {(int)response.StatusCode} {body}");
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    private static List<(string Value, int Count, bool Selected)> Facet(JsonElement answer, string name) =>
        [.. answer.GetProperty("facets").GetProperty(name).EnumerateArray()
            .Select(v => (v.GetProperty("value").GetString()!, v.GetProperty("count").GetInt32(), v.GetProperty("selected").GetBoolean()))];

    private static IEnumerable<Guid> Keys(JsonElement answer) => answer.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetGuid());
}
