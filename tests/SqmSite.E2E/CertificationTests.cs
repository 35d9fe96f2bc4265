using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using SqmSite.Cms.Security;

namespace SqmSite.E2E;

/// <summary>
/// Certification in Chromium, as its people do it: the organization asks from the portal; the consultant schedules the
/// visit, types the onsite scores (a typo first) and the survey figures, and confirms the system's decision; the PDF
/// opens and names the verify page its QR code points at, and that page says the certificate is in force.
/// </summary>
public sealed class CertificationTests(BrowserFixture fixture) : IClassFixture<BrowserFixture>
{
    private const string Email = "vera@verified.example";
    private const string Organization = "Vera's Verified Service Desk";

    [Fact]
    public async Task An_organization_asks_a_consultant_certifies_the_pdf_opens_and_its_qr_address_verifies()
    {
        // The organization asks from the portal.
        var nominee = await PortalTestSteps.PatientAsync(fixture.NomineePageAsync(Email, Organization));
        await nominee.GotoAsync("/portal");
        await nominee.GetByRole(AriaRole.Link, new() { Name = "Certification of your practices" }).ClickAsync();
        await nominee.GetByRole(AriaRole.Button, new() { Name = "Ask for certification" }).ClickAsync();
        await nominee.GetByText("Choose one of the practice areas.").First.WaitForAsync();
        await nominee.GetByLabel("Practice area").SelectOptionAsync(new SelectOptionValue { Label = "IVR Self-Service" });
        await nominee.GetByRole(AriaRole.Button, new() { Name = "Ask for certification" }).ClickAsync();
        await nominee.GetByText("Your request to certify IVR Self-Service has reached the certification team.").WaitForAsync();
        await nominee.GetByText("Requested: a consultant will contact you").WaitForAsync();
        await BrowserFixture.ScreenshotAsync(nominee, "certification-portal-requested");
        await BrowserFixture.AssertAccessibleAsync(nominee, "the portal's certification page");

        // The consultant: from the list to the assessment, step by step.
        var staff = await PortalTestSteps.PatientAsync(fixture.BackofficePageAsync(BackofficeRoles.AwardsStaff));
        await staff.GotoAsync("/backoffice/awards/certification");
        await BrowserFixture.AssertAccessibleAsync(staff, "the certification list");
        await BrowserFixture.ScreenshotAsync(staff, "certification-list");
        await staff.GetByRole(AriaRole.Link, new() { Name = Organization }).ClickAsync();
        await staff.GetByRole(AriaRole.Heading, new() { Name = $"{Organization}: IVR Self-Service" }).WaitForAsync();
        await staff.GetByLabel("Consultant", new() { Exact = true }).SelectOptionAsync(new SelectOptionValue { Label = BrowserFixture.StaffEmail(BackofficeRoles.AwardsStaff) });
        await staff.GetByLabel("Date of the visit").FillAsync(DateTime.UtcNow.AddDays(7).ToString("yyyy-MM-dd"));
        await staff.GetByRole(AriaRole.Button, new() { Name = "Save the visit" }).ClickAsync();
        await staff.GetByText("The onsite visit is scheduled.").WaitForAsync();

        var scores = staff.Locator("input[name^='Scores[']");
        Assert.Equal(5, await scores.CountAsync());
        for (var i = 0; i < 5; i++)
        {
            await scores.Nth(i).FillAsync(i == 1 ? "eighty" : "88");
        }

        await staff.GetByLabel("The consultant's notes").FillAsync("Menus follow the published standard; callbacks offered at every queue.");
        await staff.GetByRole(AriaRole.Button, new() { Name = "Save the onsite evaluation" }).ClickAsync();
        await staff.GetByText("Give a score from 0 to 100").First.WaitForAsync();
        Assert.Equal("88", await scores.Nth(0).InputValueAsync()); // what was typed stays
        await scores.Nth(1).FillAsync("84");
        await staff.GetByRole(AriaRole.Button, new() { Name = "Save the onsite evaluation" }).ClickAsync();
        await staff.GetByText("The onsite evaluation is saved.").WaitForAsync();
        await staff.GetByRole(AriaRole.Heading, new() { Name = "2. Onsite evaluation: 87%" }).WaitForAsync();

        // The survey's answers from a file: 112 counted (76 satisfied), two rows refused and named.
        var csv = new System.Text.StringBuilder("Respondent,Satisfied\n");
        for (var i = 1; i <= 112; i++)
        {
            csv.Append($"csr-{i},{(i <= 76 ? "yes" : "no")}\n");
        }

        csv.Append("csr-5,yes\ncsr-200,perhaps\n");
        await staff.GetByLabel("Read the responses from a survey file (CSV or Excel)").SetInputFilesAsync(new FilePayload
        {
            Name = "frontline-survey.csv", MimeType = "text/csv", Buffer = System.Text.Encoding.UTF8.GetBytes(csv.ToString()),
        });
        await staff.GetByRole(AriaRole.Button, new() { Name = "Read the file" }).ClickAsync();
        await staff.GetByText("Read 112 responses, 76 of them satisfied (67.8%).").WaitForAsync();
        await staff.GetByText("Row 114: respondent \"csr-5\" answered already").WaitForAsync();
        await staff.GetByText("Row 115: \"perhaps\" in Satisfied is not yes or no, nor a rating from 1 to 5").WaitForAsync();
        Assert.Equal("112", await staff.GetByLabel("Survey responses").InputValueAsync());
        Assert.Equal("67.8", await staff.GetByLabel("Satisfied with the practice (%)").InputValueAsync());
        await BrowserFixture.ScreenshotAsync(staff, "certification-survey-import");
        await staff.GetByLabel("Employees in scope").FillAsync("140");
        await staff.GetByLabel("Focus groups held").FillAsync("3");
        await staff.GetByLabel("FCR (%) (optional)").FillAsync("74");
        await staff.GetByRole(AriaRole.Button, new() { Name = "Save the survey figures" }).ClickAsync();
        await staff.GetByText("The survey figures are saved.").WaitForAsync();
        await staff.GetByText("The rules (version 2026.1) say:").WaitForAsync();
        // Evidence: a PDF kept with the assessment (an empty post first).
        await staff.GetByRole(AriaRole.Button, new() { Name = "Keep as evidence" }).ClickAsync();
        await staff.GetByText("Choose the file to keep as evidence (an image or a PDF).").First.WaitForAsync();
        await staff.GetByLabel("Add a file (an image or a PDF: photos of the floor, the written standard, reports)").SetInputFilesAsync(new FilePayload
        {
            Name = "ivr-standard.pdf", MimeType = "application/pdf", Buffer = SqmSite.Testing.TestPdfs.Plain("IVR menu standard"),
        });
        await staff.GetByRole(AriaRole.Button, new() { Name = "Keep as evidence" }).ClickAsync();
        await staff.GetByText("ivr-standard.pdf is kept as evidence.").WaitForAsync();
        await BrowserFixture.ScreenshotAsync(staff, "certification-assessment");
        await BrowserFixture.AssertAccessibleAsync(staff, "the assessment page");
        await staff.GetByRole(AriaRole.Button, new() { Name = "Confirm: certified" }).ClickAsync();
        await staff.GetByText("Confirmed: the practice is certified, and its certificate is issued.").WaitForAsync();
        var heading = await staff.GetByRole(AriaRole.Heading, new() { NameRegex = new System.Text.RegularExpressions.Regex("^Certificate CX-") }).TextContentAsync();
        var number = heading!["Certificate ".Length..].Trim();

        // The PDF, from the portal: it names the organization, the area, the number and the verify page.
        await nominee.ReloadAsync();
        var evidence = await BrowserFixture.DownloadAsync(nominee, nominee.GetByRole(AriaRole.Link, new() { Name = "ivr-standard.pdf" }));
        Assert.Equal("ivr-standard.pdf", evidence.SuggestedFilename);
        await nominee.GetByText("Certified", new() { Exact = true }).WaitForAsync();
        var download = await BrowserFixture.DownloadAsync(nominee, nominee.GetByRole(AriaRole.Link, new() { Name = "Download the certificate (PDF)" }));
        var bytes = await File.ReadAllBytesAsync((await download.PathAsync())!);
        Assert.Equal("%PDF-"u8.ToArray(), bytes[..5]);
        await download.SaveAsAsync(Path.Combine(BrowserFixture.ScreenshotFolder, "certification-certificate.pdf"));
        using var pdf = UglyToad.PdfPig.PdfDocument.Open(bytes);
        var text = string.Join("\n", pdf.GetPages().Select(p => p.Text));
        Assert.Contains(Organization, text);
        Assert.Contains("IVR Self-Service", text);
        Assert.Contains(number, text);
        var verifyUrl = $"{fixture.BaseUrl}/certification/verify/{number}";
        Assert.Contains(verifyUrl, text.Replace(" ", "", StringComparison.Ordinal));

        // The QR code, read as a phone would: the page rendered to pixels (poppler) and scanned (zbar).
        var scanned = await ScanQrAsync(Path.Combine(BrowserFixture.ScreenshotFolder, "certification-certificate.pdf"));
        Assert.Equal(verifyUrl, scanned);

        // The address the QR code holds: anyone, signed in or not, reads the live status.
        var visitor = await fixture.NewPageAsync(1366, 900);
        await visitor.GotoAsync(scanned);
        await visitor.GetByText("this certificate is in force.").WaitForAsync();
        await visitor.GetByText(Organization).WaitForAsync();
        await BrowserFixture.ScreenshotAsync(visitor, "certification-verify");
        await BrowserFixture.AssertAccessibleAsync(visitor, "the verify page");
        await visitor.GetByRole(AriaRole.Link, new() { Name = "The registry of certified practices" }).ClickAsync();
        await visitor.GetByRole(AriaRole.Link, new() { Name = number }).WaitForAsync();
        await BrowserFixture.ScreenshotAsync(visitor, "certification-registry");
        await BrowserFixture.AssertAccessibleAsync(visitor, "the registry");

        // The organization takes it off the registry; the number still verifies.
        await nominee.GetByRole(AriaRole.Button, new() { Name = "Take it off the registry" }).ClickAsync();
        await nominee.GetByText($"Certificate {number} is off the public registry").WaitForAsync();
        await visitor.ReloadAsync();
        Assert.Equal(0, await visitor.GetByRole(AriaRole.Link, new() { Name = number }).CountAsync());

        // A number typed by hand that is no certificate's.
        await visitor.GotoAsync("/certification/verify");
        await visitor.GetByLabel("Certificate number").FillAsync("CX-0000-0000-0000");
        await visitor.GetByRole(AriaRole.Button, new() { Name = "Check" }).ClickAsync();
        await visitor.GetByText("No certificate has that number.").WaitForAsync();

        // The organization applies for the award in the certified area: eligible at once, no checklist to answer.
        await nominee.GotoAsync("/portal/apply");
        await nominee.GetByLabel("IVR Self-Service", new() { Exact = true }).CheckAsync();
        await nominee.GetByRole(AriaRole.Group, new() { Name = "IVR Self-Service", Exact = true }).GetByLabel("Why the practice is unique").FillAsync("Callbacks at every queue.");
        await nominee.GetByRole(AriaRole.Button, new() { Name = "Apply", Exact = true }).ClickAsync();
        await nominee.GetByText("Thank you. You applied in").WaitForAsync();
        await nominee.GetByRole(AriaRole.Link, new() { Name = "IVR Self-Service" }).ClickAsync();
        await nominee.GetByRole(AriaRole.Heading, new() { Name = "Eligible through certification" }).WaitForAsync();
        Assert.Equal(0, await nominee.GetByRole(AriaRole.Link, new() { Name = "Answer the checklist" }).CountAsync());
        await BrowserFixture.ScreenshotAsync(nominee, "certification-eligible-nomination");
        await BrowserFixture.AssertAccessibleAsync(nominee, "the nomination made eligible by its certificate");

        // Staff withdraw it: the verify page says so at once.
        await staff.GetByLabel("Reason (kept with the certificate)").FillAsync("The practice was discontinued.");
        await staff.GetByRole(AriaRole.Button, new() { Name = "Withdraw" }).ClickAsync();
        await staff.GetByText($"Certificate {number} is now withdrawn.").WaitForAsync();
        await visitor.GotoAsync(verifyUrl);
        await visitor.GetByText("the certificate was withdrawn and is no longer valid.").WaitForAsync();
        await nominee.ReloadAsync();
        await nominee.GetByRole(AriaRole.Heading, new() { Name = "Eligible through certification" }).WaitForAsync(); // granted stays

        // Reinstated, and near its end: the organization renews it (new surveys; the onsite evaluation carries over).
        await staff.GetByRole(AriaRole.Button, new() { Name = "Reinstate" }).ClickAsync();
        await staff.GetByText($"Certificate {number} is now active.").WaitForAsync();
        await fixture.WithServicesAsync(s => s.GetRequiredService<SqmSite.Awards.Data.AwardsDbContext>().Certificates.Where(c => c.Number == number)
            .ExecuteUpdateAsync(u => u.SetProperty(c => c.ExpiresOn, DateOnly.FromDateTime(DateTime.UtcNow).AddDays(30))));
        await nominee.GotoAsync("/portal/certification");
        await nominee.GetByRole(AriaRole.Button, new() { Name = "Renew this certificate" }).ClickAsync();
        await nominee.GetByText("Your renewal of IVR Self-Service has reached the certification team").WaitForAsync();
        await nominee.GetByRole(AriaRole.Heading, new() { Name = "IVR Self-Service: renewal" }).WaitForAsync();
        await staff.GotoAsync("/backoffice/awards/certification");
        await staff.GetByRole(AriaRole.Cell, new() { Name = "IVR Self-Service (renewal)" }).WaitForAsync();

        // Phones: every page fits.
        foreach (var (page, url, what) in new[]
        {
            (await PortalTestSteps.PatientAsync(fixture.NomineePageAsync(Email, Organization, 390, 844)), "/portal/certification", "the portal's certification page"),
            (await PortalTestSteps.PatientAsync(fixture.BackofficePageAsync(BackofficeRoles.AwardsStaff, 390, 844)), staff.Url, "the assessment page"),
            (await fixture.NewPageAsync(390, 844), verifyUrl, "the verify page"),
            (await fixture.NewPageAsync(390, 844), "/certification/registry", "the registry"),
        })
        {
            await page.GotoAsync(url);
            await BrowserFixture.AssertAccessibleAsync(page, what + " at 390 px");
            await BrowserFixture.AssertNoSidewaysScrollAsync(page, what + " at 390 px");
            await BrowserFixture.ScreenshotAsync(page, "certification-" + what.Replace(' ', '-').Replace("'", "", StringComparison.Ordinal));
        }
    }

    [Fact]
    public async Task Staff_open_an_assessment_for_an_organization_a_practice_falls_short_and_the_organization_asks_to_retry_what_failed()
    {
        const string email = "rory@retry.example";
        const string organization = "Rory's Retry Center";
        var nominee = await PortalTestSteps.PatientAsync(fixture.NomineePageAsync(email, organization));
        var staff = await PortalTestSteps.PatientAsync(fixture.BackofficePageAsync(BackofficeRoles.AwardsStaff));
        await staff.GotoAsync("/backoffice/awards/certification");
        await staff.GetByRole(AriaRole.Button, new() { Name = "Open the assessment" }).ClickAsync();
        await staff.GetByText("Choose the organization.").First.WaitForAsync();
        await staff.GetByLabel("Organization").SelectOptionAsync(new SelectOptionValue { Label = organization });
        await staff.GetByLabel("Practice area").SelectOptionAsync(new SelectOptionValue { Label = "Email Channel" });
        await staff.GetByRole(AriaRole.Button, new() { Name = "Open the assessment" }).ClickAsync();
        await staff.GetByText("Assessment of Email Channel opened.").WaitForAsync();

        await staff.GetByLabel("Consultant", new() { Exact = true }).SelectOptionAsync(new SelectOptionValue { Label = BrowserFixture.StaffEmail(BackofficeRoles.AwardsStaff) });
        await staff.GetByLabel("Date of the visit").FillAsync(DateTime.UtcNow.ToString("yyyy-MM-dd"));
        await staff.GetByRole(AriaRole.Button, new() { Name = "Save the visit" }).ClickAsync();
        await staff.GetByText("The onsite visit is scheduled.").WaitForAsync();
        var scores = staff.Locator("input[name^='Scores[']");
        for (var i = 0; i < 5; i++)
        {
            await scores.Nth(i).FillAsync("70");
        }

        await staff.GetByRole(AriaRole.Button, new() { Name = "Save the onsite evaluation" }).ClickAsync();
        await staff.GetByText("The onsite evaluation is saved.").WaitForAsync();

        // A file kept by mistake, then removed.
        await staff.GetByLabel("Add a file (an image or a PDF: photos of the floor, the written standard, reports)").SetInputFilesAsync(new FilePayload
        {
            Name = "wrong-site.pdf", MimeType = "application/pdf", Buffer = SqmSite.Testing.TestPdfs.Plain("Another center's standard"),
        });
        await staff.GetByRole(AriaRole.Button, new() { Name = "Keep as evidence" }).ClickAsync();
        await staff.GetByText("wrong-site.pdf is kept as evidence.").WaitForAsync();
        await staff.GetByRole(AriaRole.Button, new() { Name = "Remove wrong-site.pdf" }).ClickAsync();
        await staff.GetByText("The evidence file is removed.").WaitForAsync();
        Assert.Equal(0, await staff.GetByRole(AriaRole.Link, new() { Name = "wrong-site.pdf" }).CountAsync());

        await staff.GetByLabel("Employees in scope").FillAsync("80");
        await staff.GetByLabel("Survey responses").FillAsync("75");
        await staff.GetByLabel("Satisfied with the practice (%)").FillAsync("64");
        await staff.GetByLabel("Focus groups held").FillAsync("2");
        await staff.GetByRole(AriaRole.Button, new() { Name = "Save the survey figures" }).ClickAsync();
        await staff.GetByText("Failed: The onsite evaluation must score at least 80%; it scored 70%. (short by 10)").WaitForAsync();
        await staff.GetByRole(AriaRole.Button, new() { Name = "Confirm: not certified" }).ClickAsync();
        await staff.GetByText("Confirmed: the practice is not certified").WaitForAsync();

        // The organization reads what fell short and asks to retry only that.
        await nominee.GotoAsync("/portal/certification");
        await nominee.GetByText("The onsite evaluation must score at least 80%; it scored 70%.").WaitForAsync();
        await nominee.GetByText("Write the Email Channel practice down as an operational standard").WaitForAsync();
        await BrowserFixture.ScreenshotAsync(nominee, "certification-portal-not-certified");
        await BrowserFixture.AssertAccessibleAsync(nominee, "the portal's certification page with a decision");
        await nominee.GetByRole(AriaRole.Button, new() { Name = "Ask for a re-assessment of what fell short" }).ClickAsync();
        await nominee.GetByText("Your re-assessment of Email Channel has reached the certification team").WaitForAsync();
        await nominee.GetByRole(AriaRole.Heading, new() { Name = "Email Channel: re-assessment" }).WaitForAsync();
        Assert.Equal(0, await nominee.GetByRole(AriaRole.Button, new() { Name = "Ask for a re-assessment of what fell short" }).CountAsync());

        // Staff see it with the survey carried over: only the onsite visit is to do again.
        await staff.GotoAsync("/backoffice/awards/certification");
        await staff.GetByRole(AriaRole.Cell, new() { Name = "Email Channel (reassessment)" }).WaitForAsync();
        await staff.GetByRole(AriaRole.Link, new() { Name = organization }).First.ClickAsync();
        await staff.GetByText("Re-assessment: only what fell short before is assessed again").WaitForAsync();
        Assert.Equal("75", await staff.GetByLabel("Survey responses").InputValueAsync());
    }

    [Fact]
    public async Task Staff_change_an_areas_onsite_standard_a_wrong_total_is_refused_then_the_fix_saves_version_2()
    {
        var staff = await PortalTestSteps.PatientAsync(fixture.BackofficePageAsync(BackofficeRoles.AwardsStaff));
        await staff.GotoAsync("/backoffice/awards/certification");
        await staff.GetByRole(AriaRole.Link, new() { Name = "The onsite standards" }).ClickAsync();
        await staff.GetByRole(AriaRole.Heading, new() { Name = "Onsite standards" }).WaitForAsync();
        await PortalTestSteps.CheckPageAsync(staff, "certification-standards");
        await staff.GetByRole(AriaRole.Link, new() { Name = "Desktop Applications", Exact = true }).ClickAsync();
        await staff.GetByRole(AriaRole.Heading, new() { Name = "Onsite standard · Desktop Applications" }).WaitForAsync();
        var url = staff.Url;

        // The first weight from 20 to 30: the total is 110, and the save is refused with what was typed kept.
        ILocator Weight(int criterion) => staff.GetByRole(AriaRole.Group, new() { Name = $"Criterion {criterion}", Exact = true }).GetByLabel("Weight");
        await Weight(1).FillAsync("30");
        await staff.GetByRole(AriaRole.Button, new() { Name = "Save as version 2" }).ClickAsync();
        await staff.GetByText("The weights add up to 110; they must add up to 100.").First.WaitForAsync();
        Assert.Equal("30", await Weight(1).InputValueAsync());
        await staff.GetByText("Total of the weights: 110").WaitForAsync();
        await PortalTestSteps.CheckPageAsync(staff, "certification-standard-refused");

        // The second from 25 to 15: saved as version 2.
        await Weight(2).FillAsync("15");
        await staff.GetByRole(AriaRole.Button, new() { Name = "Save as version 2" }).ClickAsync();
        await staff.GetByText("Version 2 of the Desktop Applications standard is saved.").WaitForAsync();
        Assert.Equal("version 2", await staff.Locator(".bo-lead strong").TextContentAsync());
        Assert.Equal("30", await Weight(1).InputValueAsync());
        Assert.Equal("15", await Weight(2).InputValueAsync());
        await staff.GetByRole(AriaRole.Button, new() { Name = "Save as version 3" }).WaitForAsync();
        await PortalTestSteps.CheckPageAsync(staff, "certification-standard-saved");

        // The list says so too; and on a phone both pages fit.
        await staff.GotoAsync("/backoffice/awards/certification/standards");
        await staff.GetByRole(AriaRole.Row, new() { Name = "Desktop Applications Version 2" }).WaitForAsync();
        var phone = await PortalTestSteps.PatientAsync(fixture.BackofficePageAsync(BackofficeRoles.AwardsStaff, 390, 844));
        await phone.GotoAsync("/backoffice/awards/certification/standards");
        await PortalTestSteps.CheckPageAsync(phone, "certification-standards");
        await phone.GotoAsync(url);
        await PortalTestSteps.CheckPageAsync(phone, "certification-standard-saved");
    }

    /// <summary>The text of the one QR code on the PDF's first page (test.sh installs poppler-utils and zbar-tools).</summary>
    private static async Task<string> ScanQrAsync(string pdfPath)
    {
        var image = Path.Combine(Path.GetTempPath(), "sqmsite-qr-" + Guid.NewGuid().ToString("N"));
        try
        {
            await RunAsync("pdftoppm", "-r", "150", "-png", "-singlefile", pdfPath, image);
            var output = await RunAsync("zbarimg", "--quiet", "--raw", image + ".png");
            return output.Trim();
        }
        finally
        {
            File.Delete(image + ".png");
        }
    }

    private static async Task<string> RunAsync(string program, params string[] arguments)
    {
        var start = new System.Diagnostics.ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = System.Diagnostics.Process.Start(start)!;
        var output = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0, $"{program} failed: {await process.StandardError.ReadToEndAsync()}");
        return output;
    }
}
