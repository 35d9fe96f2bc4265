using System.Net;
using System.Xml.Linq;
using Microsoft.Extensions.DependencyInjection;
using SqmSite.Cms.Content;

namespace SqmSite.Web.Tests;

public sealed class PublicSiteTests(SiteFactory site) : IClassFixture<SiteFactory>
{
    [Fact]
    public async Task Every_seeded_page_answers_200_with_its_title_as_the_only_h1()
    {
        var client = site.Browser();
        var home = site.Snapshot.Home!;
        var pages = site.Snapshot.All.Where(p => p == home || p.Ancestors().FirstOrDefault() == home).ToList();
        Assert.True(pages.Count >= 26, $"only {pages.Count} pages are published");
        foreach (var page in pages)
        {
            var response = await client.GetAsync(page.Url);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var html = await response.Content.ReadAsStringAsync();
            var h1s = System.Text.RegularExpressions.Regex.Matches(html, "<h1[\\s>]");
            Assert.True(h1s.Count == 1, $"{page.Url} has {h1s.Count} h1 elements");
            Assert.Contains(WebUtility.HtmlEncode(page.Name), html);
        }
    }

    [Fact]
    public async Task Drafts_are_not_public_and_the_sitemap_lists_exactly_the_published_pages()
    {
        var segment = "draft-" + Guid.NewGuid().ToString("N")[..8];
        await site.WithServicesAsync(async s =>
        {
            var content = s.GetRequiredService<ContentService>();
            return await content.CreateAsync(site.Snapshot.Home!.Id, "contentPage",
                new ContentEdit("Secret draft", segment, new Dictionary<string, string?> { ["summary"] = "s", ["body"] = "<p>b</p>" }), "test");
        });

        var client = site.Browser();
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/{segment}/")).StatusCode);

        var sitemap = XDocument.Parse(await client.GetStringAsync("/sitemap.xml"));
        XNamespace ns = "http://www.sitemaps.org/schemas/sitemap/0.9";
        var listed = sitemap.Descendants(ns + "loc").Select(l => new Uri(l.Value).AbsolutePath).Order().ToList();
        var published = site.Snapshot.All.Select(c => c.Url).Order().ToList();
        Assert.Equal(published, listed);
        Assert.DoesNotContain($"/{segment}/", listed);
    }

    [Fact]
    public async Task Unknown_urls_get_the_404_page_in_the_site_layout()
    {
        var response = await site.Browser().GetAsync("/no-such-page/at-all");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains("We couldn&#x27;t find that page", html);
        Assert.Contains("id=\"main\"", html);
        Assert.Contains("href=\"/categories/\"", html);
    }

    [Fact]
    public async Task Robots_and_canonical_and_open_graph_point_at_the_site()
    {
        var client = site.Browser();
        var robots = await client.GetStringAsync("/robots.txt");
        Assert.Contains("Disallow: /backoffice/", robots);
        Assert.Contains("Sitemap: http://localhost/sitemap.xml", robots);

        var html = await client.GetStringAsync("/categories/email-channel/");
        Assert.Contains("<link rel=\"canonical\" href=\"http://localhost/categories/email-channel/\"", html);
        Assert.Contains("property=\"og:title\"", html);
        Assert.Contains("name=\"description\"", html);
    }

    [Fact]
    public async Task A_renamed_page_answers_301_from_its_old_address()
    {
        var segment = "renamed-" + Guid.NewGuid().ToString("N")[..8];
        var id = await site.WithServicesAsync(async s =>
        {
            var content = s.GetRequiredService<ContentService>();
            var created = await content.CreateAsync(site.Snapshot.Home!.Id, "contentPage",
                new ContentEdit("Moving page", segment, new Dictionary<string, string?> { ["summary"] = "s", ["body"] = "<p>b</p>" }), "test");
            await content.PublishAsync(created.Value!.Id, "test");
            await content.SaveAndPublishAsync(created.Value.Id,
                new ContentEdit("Moving page", segment + "-new", new Dictionary<string, string?> { ["summary"] = "s", ["body"] = "<p>b</p>" }), "test");
            return created.Value.Id;
        });

        var response = await site.Browser().GetAsync($"/{segment}/?utm=x");
        Assert.Equal(HttpStatusCode.MovedPermanently, response.StatusCode);
        Assert.Equal($"/{segment}-new/?utm=x", response.Headers.Location!.OriginalString);
        Assert.True(id > 0);
    }

    [Fact]
    public async Task Warm_public_pages_touch_no_database_and_publishing_evicts_the_cache()
    {
        var client = site.Browser();
        var urls = new[] { "/", "/categories/", "/categories/email-channel/", "/the-process/", "/faq/", "/sitemap.xml" };
        foreach (var url in urls)
        {
            await client.GetAsync(url);
        }

        site.Commands.Reset();
        foreach (var url in urls.Concat(urls))
        {
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(url)).StatusCode);
        }

        Assert.Equal(0, site.Commands.Count);

        // A publish drops the cached copy: the next request shows the change.
        var before = await client.GetStringAsync("/faq/");
        await site.WithServicesAsync(async s =>
        {
            var content = s.GetRequiredService<ContentService>();
            var faq = site.Snapshot.ByUrl("/faq/")!;
            var latest = (await content.GetLatestVersionAsync((await content.GetNodeAsync(faq.Id))!))!;
            var values = latest.Values.ToDictionary(p => p.Key, p => (string?)SqmSite.Cms.ContentTypes.PropertyValueParser.ToRaw(p.Value));
            values["summary"] = "Freshly published summary.";
            return await content.SaveAndPublishAsync(faq.Id, new ContentEdit(latest.Name, latest.UrlSegment, values), "test");
        });
        var after = await client.GetStringAsync("/faq/");
        Assert.DoesNotContain("Freshly published summary.", before);
        Assert.Contains("Freshly published summary.", after);
    }

    [Fact]
    public async Task Public_pages_send_security_headers()
    {
        var response = await site.Browser().GetAsync("/");
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal("SAMEORIGIN", response.Headers.GetValues("X-Frame-Options").Single());
    }

    [Fact]
    public async Task An_unexpected_error_shows_the_500_page_in_the_layout_without_details()
    {
        // A routable document type without a template is a broken invariant: the request fails, safely.
        var folder = Path.Combine(Path.GetTempPath(), "sqmsite-500-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path.Combine(folder, "ContentTypes"));
        await File.WriteAllTextAsync(Path.Combine(folder, "ContentTypes", "untemplated.json"), $$"""
            { "key": "{{Guid.NewGuid()}}", "alias": "untemplated", "name": "Untemplated", "allowedAtRoot": true, "allowedChildren": [],
              "properties": [] }
            """);
        try
        {
            await site.WithServicesAsync(async s =>
            {
                await s.GetRequiredService<SqmSite.Cms.Sync.SyncService>().ImportAsync(folder);
                var content = s.GetRequiredService<ContentService>();
                var created = await content.CreateAsync(null, "untemplated", new ContentEdit("Broken", "broken-root", new Dictionary<string, string?>()), "test");
                return await content.PublishAsync(created.Value!.Id, "test");
            });

            var response = await site.Browser().GetAsync("/broken-root/");
            Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
            var html = await response.Content.ReadAsStringAsync();
            Assert.Contains("Something went wrong on our side", html);
            Assert.Contains("id=\"main\"", html);
            Assert.DoesNotContain("InvalidOperationException", html);
            Assert.DoesNotContain("untemplated.cshtml", html);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public async Task The_process_page_shows_the_current_cycle_and_follows_its_changes()
    {
        var client = site.Browser();
        var before = await client.GetStringAsync("/the-process/");
        Assert.Contains("2027/28 CX Best Practice Awards", before);
        Assert.Contains("Sep 30, 2027", before);

        await site.WithServicesAsync(async s =>
        {
            var cycles = s.GetRequiredService<SqmSite.Awards.Cycles.CycleService>();
            var cycle = s.GetRequiredService<SqmSite.Awards.Cycles.CycleCatalog>().Current!;
            var d = cycle.Dates;
            var problems = await cycles.UpdateAsync(cycle.Id, "2027/28 Awards, extended", cycle.Year, cycle.FirstRatingsYear, cycle.TimeZoneId,
                d with { ApplicationsCloseUtc = d.ApplicationsCloseUtc.AddDays(7) }, cycle.CategoryKeys.ToList());
            Assert.Empty(problems);
            return 0;
        });

        var after = await client.GetStringAsync("/the-process/");
        Assert.Contains("2027/28 Awards, extended", after);
        Assert.Contains("Oct 7, 2027", after);
    }
}
