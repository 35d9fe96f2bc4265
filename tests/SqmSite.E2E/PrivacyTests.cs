using System.IO.Compression;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using SqmSite.Awards.Cycles;
using SqmSite.Awards.Data;
using SqmSite.Awards.Nominations;
using SqmSite.Awards.Organizations;
using SqmSite.Cms.Security;
using SqmSite.E2E.Pages;

namespace SqmSite.E2E;

/// <summary>
/// Privacy requests in Chromium: a nominee downloads their data from the portal; an administrator finds a person,
/// reads what erasing them does, confirms and erases; the retention dry run lists an old unsuccessful entry.
/// </summary>
public sealed class PrivacyTests(BrowserFixture fixture) : IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task A_nominee_downloads_a_zip_with_their_account_and_organization()
    {
        var page = await fixture.NomineePageAsync("dora@privacy.example", "Dora's Desk");
        await page.GotoAsync("/portal");
        await page.GetByRole(AriaRole.Link, new() { Name = "Your data: download everything we hold" }).ClickAsync();
        await page.GetByRole(AriaRole.Heading, new() { Name = "Download your data" }).WaitForAsync();
        await BrowserFixture.AssertAccessibleAsync(page, "portal data page");
        await BrowserFixture.ScreenshotAsync(page, "portal-data");

        var download = await BrowserFixture.DownloadAsync(page, page.GetByRole(AriaRole.Button, new() { Name = "Download your data (zip)" }));
        Assert.EndsWith(".zip", download.SuggestedFilename);
        var path = await download.PathAsync();
        using var zip = ZipFile.OpenRead(path!);
        var names = zip.Entries.Select(e => e.FullName).ToList();
        Assert.Contains("account.json", names);
        Assert.Contains("organization/organization.json", names);
        using var reader = new StreamReader(zip.GetEntry("organization/organization.json")!.Open());
        Assert.Contains("Dora's Desk", await reader.ReadToEndAsync());

        var phone = await fixture.NomineePageAsync("dora@privacy.example", "Dora's Desk", 390, 844);
        await phone.GotoAsync("/portal/data");
        await BrowserFixture.AssertAccessibleAsync(phone, "portal data page at 390 px");
        await BrowserFixture.AssertNoSidewaysScrollAsync(phone, "portal data page at 390 px");
        await BrowserFixture.ScreenshotAsync(phone, "portal-data");
    }

    [Fact]
    public async Task An_administrator_erases_a_person_after_reading_what_it_does_and_confirming()
    {
        const string email = "ezra@privacy.example";
        await fixture.NomineePageAsync(email, "Ezra's Exchange");

        var page = await fixture.BackofficePageAsync(BackofficeRoles.Administrator);
        await page.GotoAsync("/backoffice/users");
        await page.GetByRole(AriaRole.Link, new() { Name = "Privacy requests: a person's data, erasure" }).ClickAsync();

        // A typo first: the page says so and keeps the address.
        await page.GetByLabel("Their email address").FillAsync("nobody@privacy.example");
        await page.GetByRole(AriaRole.Button, new() { Name = "Find" }).ClickAsync();
        await page.GetByText("No account has the address nobody@privacy.example.").First.WaitForAsync();

        await page.GetByLabel("Their email address").FillAsync(email);
        await page.GetByRole(AriaRole.Button, new() { Name = "Find" }).ClickAsync();
        await page.GetByText("is the only person of Ezra's Exchange").WaitForAsync();
        await page.GetByText($"The account {email}").WaitForAsync();
        await BrowserFixture.AssertAccessibleAsync(page, "privacy requests with a plan");
        await BrowserFixture.ScreenshotAsync(page, "backoffice-privacy");

        // Their data first, as a person asking for it gets it: the zip names their account and organization.
        var download = await BrowserFixture.DownloadAsync(page, page.GetByRole(AriaRole.Button, new() { Name = "Download their data (zip)" }));
        Assert.EndsWith(".zip", download.SuggestedFilename);
        using (var zip = ZipFile.OpenRead((await download.PathAsync())!))
        {
            using var reader = new StreamReader(zip.GetEntry("organization/organization.json")!.Open());
            Assert.Contains("Ezra's Exchange", await reader.ReadToEndAsync());
        }

        using var asked = PortalTestSteps.AnswerDialogs(page);
        await page.GetByRole(AriaRole.Button, new() { Name = "Erase Ezra's Exchange Contact" }).ClickAsync();
        await page.GetByText($"{email} was erased.").WaitForAsync();
        Assert.Contains("cannot be restored", Assert.Single(asked));

        Assert.Null(await fixture.WithServicesAsync(s => s.GetRequiredService<UserManager<BackofficeUser>>().FindByEmailAsync(email)));
        var visitor = await fixture.NewPageAsync();
        await SignInPage.OpenAndSubmitAsync(visitor, "/portal/login", email, BrowserFixture.Password);
        await visitor.GetByText("The email or password is not right.").WaitForAsync();

        var phone = await fixture.BackofficePageAsync(BackofficeRoles.Administrator, 390, 844);
        await phone.GotoAsync("/backoffice/users/privacy");
        await BrowserFixture.AssertAccessibleAsync(phone, "privacy requests at 390 px");
        await BrowserFixture.AssertNoSidewaysScrollAsync(phone, "privacy requests at 390 px");
    }

    [Fact]
    public async Task The_retention_dry_run_lists_an_unsuccessful_entry_of_a_cycle_long_past()
    {
        // An old cycle (2019/20, the sources' example) with an entry that was withdrawn: due since its gala plus three years.
        await fixture.WithServicesAsync(async s =>
        {
            var zone = TimeZoneInfo.FindSystemTimeZoneById("America/New_York");
            DateTime At(int y, int m, int d) => TimeZoneInfo.ConvertTimeToUtc(new DateTime(y, m, d, 17, 0, 0), zone);
            var dates = new CycleDates(At(2019, 6, 1), At(2019, 9, 30), At(2019, 10, 18), At(2019, 10, 18), At(2019, 11, 29), At(2019, 12, 6),
                At(2019, 12, 20), At(2020, 2, 15), At(2020, 4, 28), At(2020, 4, 30));
            var current = s.GetRequiredService<CycleCatalog>().Current!;
            var (cycle, problems) = await s.GetRequiredService<CycleService>().CreateAsync("2019/20 CX Best Practice Awards", 2019, "America/New_York", dates,
                current.CategoryKeys.ToList());
            Assert.Empty(problems);
            var db = s.GetRequiredService<AwardsDbContext>();
            var organization = new Organization("Old Entry Ltd", null, false, At(2019, 6, 2));
            db.Organizations.Add(organization);
            await db.SaveChangesAsync();
            var (nomination, result) = Nomination.Apply(cycle!, organization.Id, current.CategoryKeys[0], "Email Channel", "An entry from long ago.", false,
                "old@example.org", At(2019, 6, 3));
            Assert.True(result.Succeeded, result.Message);
            Assert.True(nomination!.Withdraw("No longer running it.", "old@example.org", At(2019, 7, 1)).Succeeded);
            db.Nominations.Add(nomination);
            await db.SaveChangesAsync();
            return 0;
        });

        var page = await fixture.BackofficePageAsync(BackofficeRoles.Administrator);
        await page.GotoAsync("/backoffice/awards/cycles");
        await page.GetByRole(AriaRole.Link, new() { Name = "Retention of unsuccessful entries: what housekeeping deletes next" }).ClickAsync();
        var row = page.GetByRole(AriaRole.Row).Filter(new() { HasText = "Old Entry Ltd" });
        await row.WaitForAsync();
        Assert.Contains("Withdrawn", await row.InnerTextAsync());
        Assert.Contains("April 30, 2023", await row.InnerTextAsync());
        await BrowserFixture.AssertAccessibleAsync(page, "retention dry run");
        await BrowserFixture.ScreenshotAsync(page, "backoffice-retention");

        var phone = await fixture.BackofficePageAsync(BackofficeRoles.Administrator, 390, 844);
        await phone.GotoAsync("/backoffice/awards/retention");
        await BrowserFixture.ScreenshotAsync(phone, "backoffice-retention");
        await BrowserFixture.AssertAccessibleAsync(phone, "retention dry run at 390 px");
        await BrowserFixture.AssertNoSidewaysScrollAsync(phone, "retention dry run at 390 px");
    }
}
