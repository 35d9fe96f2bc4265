using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using SqmSite.Cms.Search.Index;
using SqmSite.Cms.Security;

namespace SqmSite.E2E;

/// <summary>A visitor searches from the header, narrows by a facet, pages and follows a suggestion; an editor rebuilds the index.</summary>
public sealed class SearchTests(BrowserFixture fixture) : IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task A_visitor_searches_from_the_header_narrows_to_a_type_and_follows_a_did_you_mean()
    {
        await IndexReadyAsync();
        var page = await PortalTestSteps.PatientAsync(fixture.NewPageAsync(1366));
        await page.GotoAsync("/");
        var box = page.Locator(".site-header").GetByRole(AriaRole.Searchbox, new() { Name = "Search the site" });
        await box.FillAsync("coachng");
        await box.PressAsync("Enter");

        await page.WaitForURLAsync(url => url.Contains("/search?q=coachng", StringComparison.Ordinal));
        var results = page.Locator(".search-results > li");
        await Assertions.Expect(results.First.GetByRole(AriaRole.Link)).ToHaveTextAsync("CSR Coaching Program");
        await PortalTestSteps.CheckPageAsync(page, "search-results");

        // Narrow to the award categories: every result is one, and the count the facet showed is the count found.
        var facet = page.GetByRole(AriaRole.Complementary, new() { Name = "Narrow the results" }).GetByRole(AriaRole.Link, new() { NameRegex = new("^Award category") });
        var shown = await facet.Locator(".facet-count").TextContentAsync();
        await facet.ClickAsync();
        await page.WaitForURLAsync(url => url.Contains("type=categoryPage", StringComparison.Ordinal));
        var summary = await page.Locator(".search-summary").TextContentAsync();
        Assert.StartsWith(shown!.Trim('(', ')', ' ') + " result", summary!.Trim());
        Assert.All(await page.Locator(".search-meta").AllTextContentsAsync(), m => Assert.StartsWith("Award category", m.Trim()));
        await page.GetByRole(AriaRole.Link, new() { NameRegex = new("remove") }).ClickAsync();
        await page.WaitForURLAsync(url => !url.Contains("type=", StringComparison.Ordinal));

        // A word the index does not know, too short for typo tolerance: the page offers one it knows.
        var search = page.GetByRole(AriaRole.Search, new() { Name = "Search the site" }).GetByRole(AriaRole.Searchbox);
        await search.FillAsync("chta");
        await page.GetByRole(AriaRole.Search, new() { Name = "Search the site" }).GetByRole(AriaRole.Button, new() { Name = "Search" }).ClickAsync();
        await page.GetByRole(AriaRole.Heading, new() { Name = "No results for “chta”" }).WaitForAsync();
        await PortalTestSteps.CheckPageAsync(page, "search-did-you-mean");
        await page.GetByRole(AriaRole.Link, new() { Name = "chat", Exact = true }).First.ClickAsync();
        await Assertions.Expect(results.First).ToBeVisibleAsync();
        Assert.Contains("<mark>", await page.Locator(".search-snippet").First.InnerHTMLAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_visitor_pages_through_results_and_sorts_them_newest_first()
    {
        await IndexReadyAsync();
        var page = await PortalTestSteps.PatientAsync(fixture.NewPageAsync(1366));
        await page.GotoAsync("/search?q=customer");
        var pager = page.GetByRole(AriaRole.Navigation, new() { Name = "Pages of results" });
        await Assertions.Expect(pager).ToContainTextAsync("Page 1 of");
        var firstOnPageOne = await page.Locator(".search-results > li h3").First.TextContentAsync();

        await pager.GetByRole(AriaRole.Link, new() { Name = "Next" }).ClickAsync();
        await page.WaitForURLAsync(url => url.Contains("page=2", StringComparison.Ordinal));
        await Assertions.Expect(pager).ToContainTextAsync("Page 2 of");
        await Assertions.Expect(page.Locator(".search-results")).ToHaveAttributeAsync("start", "11");
        Assert.DoesNotContain(firstOnPageOne, await page.Locator(".search-results > li h3").AllTextContentsAsync());
        await PortalTestSteps.CheckPageAsync(page, "search-page-2");

        // Sorting starts again from the first page and keeps the sort while paging.
        await page.Locator(".search-sort").GetByRole(AriaRole.Link, new() { Name = "newest" }).ClickAsync();
        await page.WaitForURLAsync(url => url.Contains("sort=newest", StringComparison.Ordinal) && !url.Contains("page=", StringComparison.Ordinal));
        await Assertions.Expect(page.Locator(".search-sort strong[aria-current=true]")).ToHaveTextAsync("newest");
        await pager.GetByRole(AriaRole.Link, new() { Name = "Next" }).ClickAsync();
        await page.WaitForURLAsync(url => url.Contains("sort=newest", StringComparison.Ordinal) && url.Contains("page=2", StringComparison.Ordinal));
        await pager.GetByRole(AriaRole.Link, new() { Name = "Previous" }).ClickAsync();
        await page.WaitForURLAsync(url => url.Contains("sort=newest", StringComparison.Ordinal) && !url.Contains("page=", StringComparison.Ordinal));
        await Assertions.Expect(pager).ToContainTextAsync("Page 1 of");
    }

    [Fact]
    public async Task A_pasted_10_KB_search_is_refused_in_words_by_the_real_server()
    {
        await IndexReadyAsync();
        var page = await PortalTestSteps.PatientAsync(fixture.NewPageAsync(1366));
        var response = await page.GotoAsync("/search?q=" + Uri.EscapeDataString(string.Concat(Enumerable.Repeat("coaching ", 1112))));
        Assert.Equal(400, response!.Status);
        await Assertions.Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("Search for at most 200 characters");
        await Assertions.Expect(page.GetByRole(AriaRole.Search, new() { Name = "Search the site" }).GetByRole(AriaRole.Searchbox)).ToBeVisibleAsync();
    }

    [Fact]
    public async Task On_a_phone_the_menu_holds_the_search_box_and_results_fit_the_screen()
    {
        await IndexReadyAsync();
        var page = await PortalTestSteps.PatientAsync(fixture.NewPageAsync(390, 844));
        await page.GotoAsync("/");
        await page.GetByText("Menu").ClickAsync();
        var box = page.Locator(".nav-menu").GetByRole(AriaRole.Searchbox, new() { Name = "Search the site" });
        await box.FillAsync("IVR");
        await page.Locator(".nav-menu").GetByRole(AriaRole.Button, new() { Name = "Search" }).ClickAsync();
        await Assertions.Expect(page.Locator(".search-results > li").First.GetByRole(AriaRole.Link)).ToHaveTextAsync("IVR Self-Service");
        await PortalTestSteps.CheckPageAsync(page, "search-results-phone");
    }

    [Fact]
    public async Task An_editor_rebuilds_the_index_from_the_backoffice_and_sees_it_finish()
    {
        await IndexReadyAsync();
        var page = await fixture.BackofficePageAsync(BackofficeRoles.Editor);
        await page.GotoAsync("/backoffice/search");
        await page.GetByRole(AriaRole.Heading, new() { Name = "Search", Level = 1 }).WaitForAsync();
        var documents = await page.Locator("[data-field=documents]").TextContentAsync();
        Assert.True(int.Parse(documents!.Replace(",", ""), System.Globalization.CultureInfo.InvariantCulture) > 20, documents);

        await page.GetByRole(AriaRole.Button, new() { Name = "Rebuild the index" }).ClickAsync();
        await page.GetByText("The rebuild has started.").WaitForAsync();
        // The figures follow the rebuild until it is done (the page asks once a second, or on a reload without scripts).
        // The seed's few pages are read in well under a second, so "n of m items" seldom shows; the totals it ends with do.
        await Assertions.Expect(page.Locator("[data-field=rebuild]")).ToContainTextAsync("Last rebuild:", new() { Timeout = 30_000 });
        await Assertions.Expect(page.Locator("[data-field=rebuild]")).ToContainTextAsync(new System.Text.RegularExpressions.Regex($@"{documents!.Trim()} items in [0-9.,]+ s \([0-9,]+ per second\)"));
        await Assertions.Expect(page.Locator("progress")).ToHaveCountAsync(0);
        await Assertions.Expect(page.Locator("[data-field=behind]")).ToHaveTextAsync("Up to date");
        await BrowserFixture.ScreenshotAsync(page, "backoffice-search");
        await BrowserFixture.AssertAccessibleAsync(page, "backoffice search");
        await page.SetViewportSizeAsync(390, 844);
        await BrowserFixture.ScreenshotAsync(page, "backoffice-search-phone");
        await BrowserFixture.AssertNoSidewaysScrollAsync(page, "backoffice search at 390px");
    }

    private Task IndexReadyAsync() => IndexReadyAsync(fixture);

    /// <summary>Waits until the site's search index answers (it is built in the background at the first start).</summary>
    internal static async Task IndexReadyAsync(BrowserFixture fixture)
    {
        var index = fixture.Services.GetRequiredService<SearchIndex>();
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (!index.State().Ready)
        {
            Assert.True(DateTime.UtcNow < deadline, "the search index did not become ready");
            await Task.Delay(50);
        }
    }
}
