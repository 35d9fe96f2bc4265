using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using SqmSite.Awards.Cycles;
using SqmSite.Awards.Data;
using SqmSite.Awards.Judging;
using SqmSite.Awards.Nominations;
using SqmSite.Cms.Published;
using SqmSite.Cms.Security;

namespace SqmSite.E2E;

/// <summary>
/// The winners' certificates in Chromium: staff find the certificates page from judging and download every
/// certificate of the cycle in one PDF; the winner's own person downloads theirs from the nomination's page once the
/// winners are announced. Both files are read back (PdfPig). The winners are declared through the results service
/// (declaring one through the page has its own test in <see cref="JudgingTests"/>).
/// </summary>
public sealed class CertificateTests(BrowserFixture fixture) : IClassFixture<BrowserFixture>
{
    private const string Email = "cora@certified.example";
    private const string Organization = "Cora's Certified Contact Center";

    private AwardCycle Cycle => fixture.Services.GetRequiredService<CycleCatalog>().Current!;

    private Task<Nomination> AnnouncedWinnerAsync(string category, int? organizationId, string organization) =>
        WinnerSteps.AnnouncedWinnerAsync(fixture, category, organizationId, organization);

    private static async Task<string> PdfTextAsync(IDownload download, int pages)
    {
        var bytes = await File.ReadAllBytesAsync((await download.PathAsync())!);
        Assert.Equal("%PDF-"u8.ToArray(), bytes[..5]);
        using var pdf = UglyToad.PdfPig.PdfDocument.Open(bytes);
        Assert.Equal(pages, pdf.NumberOfPages);
        return string.Join("\n", pdf.GetPages().Select(p => p.Text));
    }

    [Fact]
    public async Task Staff_download_every_certificate_in_one_pdf_and_the_winner_downloads_its_own_from_the_nomination_page()
    {
        var nominee = await PortalTestSteps.PatientAsync(fixture.NomineePageAsync(Email, Organization));
        var organizationId = await PortalTestSteps.OrganizationIdAsync(fixture, Email);
        var mine = await AnnouncedWinnerAsync("Email Channel", organizationId, Organization);
        await AnnouncedWinnerAsync("Web Self-Service", null, "Second Winner Services Ltd");

        // Staff: from judging to the certificates page, then the one button.
        var staff = await PortalTestSteps.PatientAsync(fixture.BackofficePageAsync(BackofficeRoles.AwardsStaff));
        await staff.GotoAsync("/backoffice/awards/judging");
        await staff.GetByRole(AriaRole.Link, new() { Name = "Winners' certificates" }).ClickAsync();
        await staff.GetByRole(AriaRole.Heading, new() { Name = $"Winners' certificates · {Cycle.Name}" }).WaitForAsync();
        await staff.GetByRole(AriaRole.Row, new() { Name = Organization }).GetByText("Announced").WaitForAsync();
        await BrowserFixture.ScreenshotAsync(staff, "certificates-staff");
        await BrowserFixture.AssertAccessibleAsync(staff, "the certificates page");
        var all = await BrowserFixture.DownloadAsync(staff, staff.GetByRole(AriaRole.Link, new() { Name = "Download all certificates (PDF)" }));
        Assert.Equal($"certificates-{Cycle.Year}.pdf", all.SuggestedFilename);
        await all.SaveAsAsync(Path.Combine(BrowserFixture.ScreenshotFolder, "certificates-all.pdf")); // beside the screenshots, to look at
        var bundle = await PdfTextAsync(all, pages: 2);
        Assert.Contains(Organization, bundle);
        Assert.Contains("Second Winner Services Ltd", bundle);

        // The winner: the link beside the outcome on the nomination's page.
        await nominee.GotoAsync($"/portal/nominations/{mine.Key}");
        await nominee.GetByText("Congratulations: Email Channel winner").WaitForAsync();
        await BrowserFixture.ScreenshotAsync(nominee, "certificates-portal");
        await BrowserFixture.AssertAccessibleAsync(nominee, "the winner's nomination page");
        var own = await BrowserFixture.DownloadAsync(nominee, nominee.GetByRole(AriaRole.Link, new() { Name = "Download your certificate (PDF)" }));
        Assert.Equal($"certificate-{Cycle.Year}-email-channel-cora-s-certified-contact-center.pdf", own.SuggestedFilename);
        var text = await PdfTextAsync(own, pages: 1);
        Assert.Contains(Organization, text);
        Assert.Contains("Email Channel", text);
        Assert.DoesNotContain("Second Winner Services Ltd", text);

        // On a phone: both pages fit, pass axe, and the link is there.
        var phoneStaff = await PortalTestSteps.PatientAsync(fixture.BackofficePageAsync(BackofficeRoles.AwardsStaff, 390, 844));
        await phoneStaff.GotoAsync("/backoffice/awards/winners/certificates");
        await phoneStaff.GetByRole(AriaRole.Link, new() { Name = "Download all certificates (PDF)" }).WaitForAsync();
        await BrowserFixture.ScreenshotAsync(phoneStaff, "certificates-staff");
        await BrowserFixture.AssertAccessibleAsync(phoneStaff, "the certificates page at 390 px");
        await BrowserFixture.AssertNoSidewaysScrollAsync(phoneStaff, "the certificates page at 390 px");
        var phone = await PortalTestSteps.PatientAsync(fixture.NomineePageAsync(Email, Organization, 390, 844));
        await phone.GotoAsync($"/portal/nominations/{mine.Key}");
        await phone.GetByRole(AriaRole.Link, new() { Name = "Download your certificate (PDF)" }).WaitForAsync();
        await BrowserFixture.ScreenshotAsync(phone, "certificates-portal");
        await BrowserFixture.AssertAccessibleAsync(phone, "the winner's nomination page at 390 px");
        await BrowserFixture.AssertNoSidewaysScrollAsync(phone, "the winner's nomination page at 390 px");
    }
}
