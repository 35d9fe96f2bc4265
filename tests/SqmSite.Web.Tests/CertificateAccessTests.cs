using System.Net;
using System.Security.Claims;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SqmSite.Awards.Cycles;
using SqmSite.Awards.Data;
using SqmSite.Awards.Judging;
using SqmSite.Awards.Nominations;
using SqmSite.Awards.Portal;
using SqmSite.Cms.Security;
using SqmSite.Testing;

namespace SqmSite.Web.Tests;

/// <summary>
/// The winners' certificates over HTTP: the winning organization's people download theirs once the category is
/// announced (404 before, and for anyone else's), visitors are sent to sign in; the staff page and its PDFs are for
/// awards staff only. Every answer that carries a certificate is a PDF attachment that no cache keeps.
/// </summary>
public sealed class CertificateAccessTests(SiteFactory site) : IClassFixture<SiteFactory>
{
    private AwardCycle Cycle => site.Services.GetRequiredService<CycleCatalog>().Current!;

    /// <summary>A confirmed nominee of a new organization, signed in to the portal, and the organization's id.</summary>
    private async Task<(HttpClient Client, int OrganizationId)> NomineeAsync(string email, string organization)
    {
        var organizationId = await site.WithServicesAsync(async s =>
        {
            var accounts = s.GetRequiredService<NomineeAccounts>();
            var registered = await accounts.RegisterAsync(organization, null, false, "Wyn Winner", email, SiteFactory.Password);
            Assert.True(registered.Succeeded, string.Join(" ", registered.Errors.Values));
            var users = s.GetRequiredService<UserManager<BackofficeUser>>();
            await users.ConfirmEmailAsync(registered.Value!.User!, await users.GenerateEmailConfirmationTokenAsync(registered.Value!.User!));
            var principal = new ClaimsPrincipal(new ClaimsIdentity([new(ClaimTypes.NameIdentifier, registered.Value!.User!.Id)]));
            return (await accounts.OrganizationOfAsync(principal))!.Id;
        });

        var client = site.Browser();
        var login = await client.PostFormAsync("/portal/login", new() { ["Email"] = email, ["Password"] = SiteFactory.Password });
        Assert.Equal(HttpStatusCode.Redirect, login.StatusCode);
        return (client, organizationId);
    }

    /// <summary>A submitted story of the organization in the category, declared the category's winner by staff.</summary>
    private Task<Nomination> WinnerAsync(string category, int? organizationId, string organization) => site.WithServicesAsync(async s =>
    {
        var db = s.GetRequiredService<AwardsDbContext>();
        var page = site.Snapshot.All.Single(c => c.ContentTypeAlias == "categoryPage" && c.Name == category);
        var entry = organizationId is { } id
            ? await SubmittedStories.AddForAsync(db, Cycle, page.Key, page.Name, id, organization)
            : await SubmittedStories.AddAsync(db, Cycle, page.Key, page.Name, organization);
        var panel = await s.GetRequiredService<PanelService>().PanelAsync(Cycle.Id, page.Key, page.Name);
        var declared = await s.GetRequiredService<ResultsService>().DeclareAsync(panel.Key, entry.Key, null, "staff");
        Assert.True(declared.Succeeded, declared.Message);
        return entry;
    });

    /// <summary>The announcement of every decided category, as the announcement pass marks it at the cycle's time.</summary>
    private Task AnnounceAsync() => site.WithServicesAsync(async s =>
    {
        var db = s.GetRequiredService<AwardsDbContext>();
        foreach (var decision in await db.WinnerDecisions.Where(d => d.AnnouncedUtc == null).ToListAsync())
        {
            decision.MarkAnnounced(DateTime.UtcNow);
        }

        return await db.SaveChangesAsync();
    });

    private static async Task<string> PdfTextAsync(HttpResponseMessage response, string fileName)
    {
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/pdf", response.Content.Headers.ContentType!.MediaType);
        Assert.Equal("attachment", response.Content.Headers.ContentDisposition!.DispositionType);
        Assert.Equal(fileName, response.Content.Headers.ContentDisposition.FileName?.Trim('"'));
        Assert.True(response.Headers.CacheControl!.NoStore, response.Headers.CacheControl.ToString());
        using var pdf = UglyToad.PdfPig.PdfDocument.Open(await response.Content.ReadAsByteArrayAsync());
        return string.Join("\n", pdf.GetPages().Select(p => p.Text));
    }

    [Fact]
    public async Task The_winners_people_download_its_certificate_after_the_announcement_and_nobody_elses()
    {
        var (nominee, organizationId) = await NomineeAsync("wyn@certified.example", "Certified Answers Ltd");
        var mine = await WinnerAsync("Email Channel", organizationId, "Certified Answers Ltd");
        var theirs = await WinnerAsync("Web Self-Service", null, "Someone Else Co");
        var url = $"/portal/nominations/{mine.Key}/certificate";

        // Declared, not yet announced: nothing to see, and no link on the nomination's page.
        Assert.Equal(HttpStatusCode.NotFound, (await nominee.GetAsync(url)).StatusCode);
        Assert.DoesNotContain("Download your certificate", await nominee.GetStringAsync($"/portal/nominations/{mine.Key}"));

        await AnnounceAsync();
        var page = await nominee.GetStringAsync($"/portal/nominations/{mine.Key}");
        Assert.Contains($"href=\"{url}\"", page);
        Assert.Contains("Download your certificate (PDF)", page);
        var text = await PdfTextAsync(await nominee.GetAsync(url), $"certificate-{Cycle.Year}-email-channel-certified-answers-ltd.pdf");
        Assert.Contains("Certified Answers Ltd", text);
        Assert.Contains("Email Channel", text);

        // Another organization's certificate, announced too, answers as if it did not exist; so does a made-up key.
        Assert.Equal(HttpStatusCode.NotFound, (await nominee.GetAsync($"/portal/nominations/{theirs.Key}/certificate")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await nominee.GetAsync($"/portal/nominations/{Guid.NewGuid()}/certificate")).StatusCode);

        // Visitors are sent to the portal's sign-in; backoffice users are not nominees.
        var visitor = await site.Browser().GetAsync(url);
        Assert.Equal(HttpStatusCode.Redirect, visitor.StatusCode);
        Assert.StartsWith("/portal/login", visitor.Headers.Location!.OriginalString);
        var staff = await site.SignedInAsync(BackofficeRoles.AwardsStaff);
        Assert.NotEqual(HttpStatusCode.OK, (await staff.GetAsync(url)).StatusCode);
    }

    [Fact]
    public async Task Staff_list_the_cycles_winners_and_download_one_or_all_certificates_and_nobody_else_may()
    {
        var first = await WinnerAsync("Desktop Applications", null, "Desk Winner Inc");
        var second = await WinnerAsync("IVR Self-Service", null, "Voice Winner GmbH");
        const string page = "/backoffice/awards/winners/certificates";

        var staff = await site.SignedInAsync(BackofficeRoles.AwardsStaff);
        var html = await staff.GetStringAsync($"{page}?cycle={Cycle.Id}");
        Assert.Contains("Desk Winner Inc", html);
        Assert.Contains("Voice Winner GmbH", html);
        Assert.Contains("Download all certificates (PDF)", html);
        Assert.Contains(page, await staff.GetStringAsync("/backoffice/awards/judging"));

        var one = await PdfTextAsync(await staff.GetAsync($"{page}?handler=Pdf&key={first.Key}"), $"certificate-{Cycle.Year}-desktop-applications-desk-winner-inc.pdf");
        Assert.Contains("Desk Winner Inc", one);
        var all = await staff.GetAsync($"{page}?handler=All&cycle={Cycle.Id}");
        var bytes = await all.Content.ReadAsByteArrayAsync();
        Assert.Contains("Voice Winner GmbH", await PdfTextAsync(all, $"certificates-{Cycle.Year}.pdf"));
        using (var pdf = UglyToad.PdfPig.PdfDocument.Open(bytes))
        {
            var winners = await site.WithServicesAsync(s => s.GetRequiredService<AwardsDbContext>().Nominations.CountAsync(n => n.CycleId == Cycle.Id && n.AwardedUtc != null));
            Assert.Equal(winners, pdf.NumberOfPages);
        }

        Assert.Equal(HttpStatusCode.NotFound, (await staff.GetAsync($"{page}?handler=Pdf&key={Guid.NewGuid()}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await staff.GetAsync($"{page}?cycle=999999")).StatusCode);

        foreach (var role in new[] { BackofficeRoles.Editor, BackofficeRoles.Marketing, BackofficeRoles.Judge })
        {
            var client = await site.SignedInAsync(role);
            foreach (var url in new[] { page, $"{page}?handler=Pdf&key={second.Key}", $"{page}?handler=All" })
            {
                var response = await client.GetAsync(url);
                Assert.True(response.StatusCode is HttpStatusCode.Forbidden
                    || (response.StatusCode == HttpStatusCode.Redirect && response.Headers.Location!.AbsolutePath.StartsWith("/backoffice/access-denied", StringComparison.Ordinal)),
                    $"{role} on {url}: {(int)response.StatusCode} {response.Headers.Location}");
            }
        }

        var anonymous = await site.Browser().GetAsync($"{page}?handler=All");
        Assert.Equal(HttpStatusCode.Redirect, anonymous.StatusCode);
        Assert.Contains("/backoffice/login", anonymous.Headers.Location!.ToString());
    }
}
