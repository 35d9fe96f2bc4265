using System.Net;
using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using SqmSite.Cms.Content;
using SqmSite.Cms.Data;
using SqmSite.Testing;

namespace SqmSite.Web.Tests;

/// <summary>Two instances of the site on one database: one key ring, and the endpoints a load balancer asks.</summary>
public sealed class SeveralInstancesTests(SiteFactory site) : IClassFixture<SiteFactory>
{
    [Fact]
    public async Task The_key_ring_is_in_the_database_and_a_sign_in_cookie_made_by_one_instance_is_read_by_another()
    {
        await using var second = new SecondInstanceFactory(site.Database);
        await ((IAsyncLifetime)second).InitializeAsync();

        foreach (var instance in new[] { site, second })
        {
            var repository = instance.Services.GetRequiredService<IOptions<KeyManagementOptions>>().Value.XmlRepository;
            Assert.IsType<EntityFrameworkCoreXmlRepository<CmsDbContext>>(repository);
        }

        // A sign-in ticket, as the cookie carries it, made by the first instance.
        var ticket = new AuthenticationTicket(
            new ClaimsPrincipal(new ClaimsIdentity([new Claim(ClaimTypes.Name, "editor@example.org")], IdentityConstants.ApplicationScheme)),
            IdentityConstants.ApplicationScheme);
        static ISecureDataFormat<AuthenticationTicket> Format(SiteFactory instance) =>
            instance.Services.GetRequiredService<IOptionsMonitor<CookieAuthenticationOptions>>().Get(IdentityConstants.ApplicationScheme).TicketDataFormat;
        var cookie = Format(site).Protect(ticket);
        Assert.Equal("editor@example.org", Format(second).Unprotect(cookie)?.Principal.Identity?.Name);

        // And what the second protects, the first reads (an antiforgery token, a reset link, a webhook secret alike).
        var secret = second.Services.GetRequiredService<IDataProtectionProvider>().CreateProtector("SqmSite.Tests").Protect("shared");
        Assert.Equal("shared", site.Services.GetRequiredService<IDataProtectionProvider>().CreateProtector("SqmSite.Tests").Unprotect(secret));

        // The keys both used are rows of the database, not files of this machine.
        var keys = await site.WithServicesAsync(s => s.GetRequiredService<CmsDbContext>().DataProtectionKeys.AsNoTracking().ToListAsync());
        Assert.NotEmpty(keys);
        var current = site.Services.GetRequiredService<IKeyManager>().GetAllKeys().Single(k => !k.IsRevoked && k.ExpirationDate > DateTimeOffset.UtcNow);
        Assert.Contains(keys, k => k.Xml!.Contains(current.KeyId.ToString(), StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task A_page_published_through_one_instance_is_served_searched_and_listed_by_the_other_within_a_second()
    {
        await using var second = new SecondInstanceFactory(site.Database);
        await ((IAsyncLifetime)second).InitializeAsync();
        var other = second.Browser();
        // The other instance has the parent page in its output cache before the publish.
        Assert.DoesNotContain("Relay page", await other.GetStringAsync("/about-the-awards/"));
        Assert.Equal(HttpStatusCode.NotFound, (await other.GetAsync("/about-the-awards/relay-page/")).StatusCode);

        var id = await site.WithServicesAsync(async s =>
        {
            var content = s.GetRequiredService<ContentService>();
            var parent = (await content.GetTreeAsync()).Single(i => i.Name == "About the awards");
            var created = await content.CreateAndPublishAsync(parent.Id, "contentPage", new ContentEdit("Relay page", "relay-page",
                new Dictionary<string, string?> { ["summary"] = "Published on the first instance.", ["body"] = "<p>The okapi desk answers.</p>" }), "editor@example.org");
            return created.Value!.Id;
        });
        var served = await Eventually.WithinAsync(async () => (await other.GetAsync("/about-the-awards/relay-page/")).StatusCode == HttpStatusCode.OK);
        Assert.True(served < TimeSpan.FromSeconds(1), $"served by the other instance after {served.TotalMilliseconds:0} ms");
        Assert.Contains("Relay page", await other.GetStringAsync("/about-the-awards/"));
        var searched = await Eventually.WithinAsync(async () => (await other.GetStringAsync("/api/delivery/v1/search?q=okapi")).Contains("Relay page", StringComparison.Ordinal));
        Assert.True(searched < TimeSpan.FromSeconds(1), $"found by the other instance's search after {searched.TotalMilliseconds:0} ms");

        await site.WithServicesAsync(async s => (await s.GetRequiredService<ContentService>().UnpublishAsync(id, "editor@example.org")).Succeeded);
        var gone = await Eventually.WithinAsync(async () => (await other.GetAsync("/about-the-awards/relay-page/")).StatusCode == HttpStatusCode.NotFound);
        Assert.True(gone < TimeSpan.FromSeconds(1), $"still served by the other instance after {gone.TotalMilliseconds:0} ms");

        // Both are on the administrators' list, running and up to date.
        var admin = await second.SignedInAsync(Cms.Security.BackofficeRoles.Administrator);
        var list = await Eventually.WithinAsync(async () =>
        {
            var page = await admin.GetStringAsync("/backoffice/instances");
            return page.Contains(">first<", StringComparison.Ordinal) && page.Contains("second (this page came from it)", StringComparison.Ordinal);
        }, TimeSpan.FromSeconds(15));
        Assert.True(list < TimeSpan.FromSeconds(15), "the instances page does not list both instances");
        var rows = await site.WithServicesAsync(s => s.GetRequiredService<Cms.Instances.SiteInstances>().ListAsync("first", site.Snapshot.ChangePosition));
        Assert.All(rows.Where(r => r.Instance.Name is "first" or "second"), r => Assert.True(r.Running));
    }

    [Fact]
    public async Task An_instance_killed_during_a_burst_of_publishes_leaves_the_other_serving_and_catches_up_when_restarted()
    {
        var other = await SiteProcess.StartAsync(site.Database, "killed");
        var urls = new List<string>();
        var visitor = site.Browser();
        for (var i = 0; i < 12; i++)
        {
            await site.WithServicesAsync(async s =>
            {
                var content = s.GetRequiredService<ContentService>();
                var parent = (await content.GetTreeAsync()).Single(p => p.Name == "About the awards");
                return (await content.CreateAndPublishAsync(parent.Id, "contentPage", new ContentEdit($"Burst page {i}", $"burst-page-{i}",
                    new Dictionary<string, string?> { ["summary"] = "Published in a burst.", ["body"] = $"<p>Numbat {i}.</p>" }), "editor@example.org")).Succeeded;
            });
            urls.Add($"/about-the-awards/burst-page-{i}/");
            if (i == 4)
            {
                await other.KillAsync();
            }

            // The instance that was not killed serves every page it published, whatever happened to the other.
            Assert.Equal(HttpStatusCode.OK, (await visitor.GetAsync(urls[^1])).StatusCode);
        }

        // Restarted, the killed one builds its snapshot from the database and serves the pages published while it was down.
        await using var restarted = await SiteProcess.StartAsync(site.Database, "killed");
        using var client = restarted.Client();
        foreach (var url in urls)
        {
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(url)).StatusCode);
        }

        // Its search index, opened where it was left, catches up from the change log too.
        var found = await Eventually.WithinAsync(async () => (await client.GetStringAsync("/api/delivery/v1/search?q=numbat&take=0")).Contains("\"total\":12", StringComparison.Ordinal),
            TimeSpan.FromSeconds(20));
        Assert.True(found < TimeSpan.FromSeconds(20), "the restarted instance's search did not catch up");
        await other.DisposeAsync();
    }

    [Fact]
    public async Task A_winner_whose_consent_is_withdrawn_through_one_instance_leaves_the_other_within_a_second()
    {
        await using var second = new SecondInstanceFactory(site.Database);
        await ((IAsyncLifetime)second).InitializeAsync();
        var (key, url) = await site.WithServicesAsync(async s =>
        {
            var current = s.GetRequiredService<Awards.Cycles.CycleCatalog>().Current!;
            var year = current.Year - 6;
            var page = site.Snapshot.All.Where(c => c.ContentTypeAlias == "categoryPage").OrderBy(c => c.Name).First();
            var (cycle, problems) = await s.GetRequiredService<Awards.Cycles.CycleService>().CreateAsync($"Instances {year}", year, current.TimeZoneId,
                current.Dates.Shifted(TimeSpan.FromDays(-365.25 * 6)), [page.Key]);
            Assert.Empty(problems);
            var (nomination, story) = await DeclaredWinners.AddAsync(s, cycle!, page.Key, page.Name, "Two Servers Co", true);
            Assert.True((await s.GetRequiredService<ContentService>().PublishAsync(story.Id, "marketing")).Succeeded);
            return (nomination.Key, $"/winners/{year}/{ContentService.ToUrlSegment($"Two Servers Co {page.Name}")}/");
        });
        var other = second.Browser();
        var served = await Eventually.WithinAsync(async () => (await other.GetAsync(url)).StatusCode == HttpStatusCode.OK);
        Assert.True(served < TimeSpan.FromSeconds(1), $"the winner's page was not on the other instance after {served.TotalMilliseconds:0} ms");

        var withdrawn = await site.WithServicesAsync(s => s.GetRequiredService<Awards.Winners.ConsentService>()
            .WithdrawAsync(key, DateOnly.FromDateTime(DateTime.UtcNow), "Asked to stop.", "staff"));
        Assert.True(withdrawn.Succeeded);
        var gone = await Eventually.WithinAsync(async () => (await other.GetAsync(url)).StatusCode == HttpStatusCode.NotFound);
        Assert.True(gone < TimeSpan.FromSeconds(1), $"the withdrawn winner was still on the other instance after {gone.TotalMilliseconds:0} ms");
        Assert.DoesNotContain("Two Servers Co", await other.GetStringAsync("/winners/"));
    }

    private Task<int> ContactEntriesAsync() =>
        site.WithServicesAsync(s => s.GetRequiredService<CmsDbContext>().Set<Cms.Forms.FormEntry>().CountAsync(e => e.Form.Alias == "contact"));

    [Fact]
    public async Task A_form_rendered_by_one_instance_is_accepted_when_posted_to_the_other()
    {
        await using var second = new SecondInstanceFactory(site.Database);
        await ((IAsyncLifetime)second).InitializeAsync();

        // The page, its antiforgery cookie and token from the first; the post, with that cookie, to the second.
        var page = await site.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { HandleCookies = false }).GetAsync("/contact/");
        var html = await page.Content.ReadAsStringAsync();
        var cookie = string.Join("; ", page.Headers.GetValues("Set-Cookie").Select(c => c.Split(';')[0]));
        string Hidden(string name) => WebUtility.HtmlDecode(System.Text.RegularExpressions.Regex.Match(html, $"name=\"{name}\" (?:type=\"hidden\" )?value=\"([^\"]+)\"").Groups[1].Value);
        var fields = new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = Hidden("__RequestVerificationToken"),
            ["__submission"] = Hidden("__submission"),
            ["__page"] = "0",
            ["__return"] = "/contact/",
            ["__action"] = "submit",
            ["f_name"] = "Two Servers",
            ["f_email"] = "two.servers@example.org",
            ["f_organization"] = "Balanced Contact Center",
            ["f_topic"] = "Categories",
            ["f_message"] = "Rendered by one server, sent to the other.",
            ["f_consent"] = "true",
        };
        Assert.All(fields.Values, v => Assert.False(string.IsNullOrEmpty(v)));
        var before = await ContactEntriesAsync();
        var post = new HttpRequestMessage(HttpMethod.Post, "/forms/contact") { Content = new FormUrlEncodedContent(fields) };
        post.Headers.Add("Cookie", cookie);
        var answer = await second.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false }).SendAsync(post);
        Assert.Equal(HttpStatusCode.SeeOther, answer.StatusCode);
        Assert.Equal("/contact/?sent=contact#form-contact", answer.Headers.Location!.OriginalString);
        Assert.Equal(before + 1, await ContactEntriesAsync());
    }

    [Fact]
    public async Task A_form_and_an_award_cycle_changed_through_one_instance_are_reloaded_by_the_other()
    {
        await using var second = new SecondInstanceFactory(site.Database);
        await ((IAsyncLifetime)second).InitializeAsync();
        var otherCycles = second.Services.GetRequiredService<Awards.Cycles.CycleCatalog>();
        var before = otherCycles.All.Count;
        Assert.NotNull(await second.WithServicesAsync(s => s.GetRequiredService<Cms.Forms.FormService>().GetFormAsync("contact")));

        // A form renamed through the first instance.
        await site.WithServicesAsync(async s =>
        {
            var forms = s.GetRequiredService<Cms.Forms.FormService>();
            var contact = (await forms.GetFormAsync("contact"))!;
            return (await forms.SaveFormAsync(contact with { Name = "Contact us (renamed elsewhere)" })).Succeeded;
        });
        var renamed = await Eventually.WithinAsync(async () =>
            (await second.WithServicesAsync(s => s.GetRequiredService<Cms.Forms.FormService>().GetFormAsync("contact")))!.Name == "Contact us (renamed elsewhere)");
        Assert.True(renamed < TimeSpan.FromSeconds(1), $"the other instance still had the old form after {renamed.TotalMilliseconds:0} ms");

        // A cycle copied to the next year through the first instance.
        var copied = await site.WithServicesAsync(async s =>
        {
            var cycles = s.GetRequiredService<Awards.Cycles.CycleService>();
            var latest = (await cycles.ListAsync()).MaxBy(c => c.Year)!;
            return (await cycles.CopyToNextYearAsync(latest.Id)).Cycle!.Year;
        });
        var reloaded = await Eventually.WithinAsync(() => Task.FromResult(otherCycles.All.Any(c => c.Year == copied)));
        Assert.True(reloaded < TimeSpan.FromSeconds(1), $"the other instance did not have the {copied} cycle after {reloaded.TotalMilliseconds:0} ms");
        Assert.Equal(before + 1, otherCycles.All.Count);
    }

    [Fact]
    public async Task Liveness_answers_without_checks_and_readiness_checks_the_database_and_the_media_store()
    {
        var client = site.CreateClient();
        var live = await client.GetAsync("/health/live");
        Assert.Equal(HttpStatusCode.OK, live.StatusCode);
        Assert.Equal("Healthy", await live.Content.ReadAsStringAsync());
        var ready = await client.GetAsync("/health/ready");
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        Assert.Equal("Healthy", await ready.Content.ReadAsStringAsync());

        // A media store that cannot take a file: not ready (the load balancer sends visitors elsewhere), still alive.
        var temp = Path.Combine(site.Database.MediaRoot, "tmp");
        Assert.True(Directory.Exists(temp), temp);
        Directory.Delete(temp, recursive: true);
        try
        {
            var broken = await client.GetAsync("/health/ready");
            Assert.Equal(HttpStatusCode.ServiceUnavailable, broken.StatusCode);
            Assert.Equal("Unhealthy", await broken.Content.ReadAsStringAsync());
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health/live")).StatusCode);
        }
        finally
        {
            Directory.CreateDirectory(temp);
        }

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health/ready")).StatusCode);
    }
}
