using SqmSite.Cms;
using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using SqmSite.Awards.Cycles;
using SqmSite.Awards.Nominations;
using SqmSite.Testing;
using SqmSite.E2E.Pages;

namespace SqmSite.E2E;

/// <summary>
/// The nominee's path in Chromium: register, confirm from the email that reached the SMTP sink, apply in two
/// categories, then (after staff steps) write and submit the story. Screenshots of the dashboard and story form.
/// </summary>
public sealed partial class NomineeJourneyTests(BrowserFixture fixture) : IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task A_nominee_registers_confirms_by_email_applies_and_submits_a_story()
    {
        const string email = "paula@example.org";
        var page = await fixture.NewPageAsync();
        // Submitting the checklist and the story ask for confirmation first: this nominee says yes.
        using var confirmations = PortalTestSteps.AnswerDialogs(page);
        await page.GotoAsync("/portal/register");
        await page.GetByLabel("Official name").FillAsync("Paula's Care Center");
        await page.GetByLabel("Your name").FillAsync("Paula Park");
        await page.GetByLabel("Email").FillAsync(email);
        await page.GetByLabel("Password").FillAsync(BrowserFixture.Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Register" }).ClickAsync();
        await page.GetByText("We sent a link to").WaitForAsync();

        var link = await fixture.LinkFromSinkAsync(email, ConfirmLink());
        await page.GotoAsync(new Uri(link).PathAndQuery);
        await page.GetByText("your email address is confirmed").WaitForAsync();
        await SignInPage.SubmitAsync(page, email, BrowserFixture.Password);
        await page.GetByRole(AriaRole.Heading, new() { Name = "Your nominations", Level = 1 }).WaitForAsync();

        await page.GetByRole(AriaRole.Link, new() { Name = "Apply in a category" }).ClickAsync();
        await page.GetByLabel("Email Channel", new() { Exact = true }).CheckAsync();
        await page.Locator("textarea[id^='field-Overview-']").Nth(3).FillAsync("Every email is answered completely, the first time.");
        await page.GetByLabel("Web Self-Service", new() { Exact = true }).CheckAsync();
        await page.Locator("textarea[id^='field-Overview-']").Nth(1).FillAsync("Self-service that finishes the job.");
        await page.GetByRole(AriaRole.Button, new() { Name = "Apply" }).ClickAsync();
        await page.GetByText("Thank you. You applied in").WaitForAsync();
        Assert.Equal(2, await page.Locator(".portal-card").CountAsync());
        await page.ScreenshotAsync(new() { Path = Path.Combine(BrowserFixture.ScreenshotFolder, "portal-dashboard.png"), FullPage = true });

        // The eligibility checklist, answered in the portal.
        await page.GetByRole(AriaRole.Link, new() { Name = "Email Channel" }).ClickAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "Answer the checklist" }).ClickAsync();
        var yes = page.Locator("input[type=radio][value=Yes]");
        for (var i = 0; i < await yes.CountAsync(); i++)
        {
            await yes.Nth(i).CheckAsync();
        }

        await page.GetByLabel("Comment on item 1").FillAsync("A specialist team of twelve CSRs.");
        await page.ScreenshotAsync(new() { Path = Path.Combine(BrowserFixture.ScreenshotFolder, "portal-checklist.png"), FullPage = true });
        await page.GetByRole(AriaRole.Button, new() { Name = "Submit the checklist" }).ClickAsync();
        await page.GetByText("your checklist was submitted").WaitForAsync();

        // Staff: checklist reviewed, finalist, the cycle's notification date moved into the past, batch released.
        var key = await StaffMakeFinalistAsync("Email Channel");

        await page.GotoAsync($"/portal/nominations/{key}");
        await page.GetByRole(AriaRole.Link, new() { Name = "Write the nomination story" }).ClickAsync();
        await page.GetByLabel("The story").FillAsync("Our specialist email team answers each message completely.");
        await page.GetByLabel("People").FillAsync("A dedicated team of twelve CSRs.");
        var years = fixture.Services.GetRequiredService<CycleCatalog>().Current!.RatingsYears;
        foreach (var metric in new[] { "FCR", "Csat" })
        {
            foreach (var year in years)
            {
                await page.GetByLabel($"{metric} {year} value").FillAsync("84");
                await page.GetByLabel($"{metric} {year} sample size").FillAsync("950");
                await page.GetByLabel($"{metric} {year} method of measurement").FillAsync("Post-contact survey");
                await page.GetByLabel($"{metric} {year} measured by").SelectOptionAsync("Customer");
            }
        }

        Assert.Contains("/ 50,000 characters", await page.Locator("#field-Text-count").InnerTextAsync());

        // An attachment: the page saves the typed text before the upload reloads it, so nothing is lost.
        await page.GetByLabel("File").SetInputFilesAsync(new FilePayload { Name = "survey-method.pdf", MimeType = "application/pdf", Buffer = TestImages.Pdf("Survey method") });
        await page.GetByLabel("What it shows").FillAsync("How the post-contact survey is run");
        await page.GetByRole(AriaRole.Button, new() { Name = "Add the attachment" }).ClickAsync();
        await page.GetByText("\"survey-method.pdf\" was attached.").WaitForAsync();
        Assert.Equal("Our specialist email team answers each message completely.", await page.GetByLabel("The story").InputValueAsync());
        Assert.Equal("84", await page.GetByLabel($"FCR {years[0]} value").InputValueAsync());
        await page.GetByRole(AriaRole.Link, new() { Name = "survey-method.pdf" }).WaitForAsync();

        await page.ScreenshotAsync(new() { Path = Path.Combine(BrowserFixture.ScreenshotFolder, "portal-story-form.png"), FullPage = true });
        await page.GetByRole(AriaRole.Button, new() { Name = "Submit the story" }).ClickAsync();
        await page.GetByText("Your story was submitted").First.WaitForAsync();

        var stored = await WithServicesAsync(s => s.GetRequiredService<NominationService>().FindAsync(key));
        Assert.Equal(NominationState.StorySubmitted, stored!.State);
        Assert.Equal(4, stored.Story.Ratings.Count);
    }

    private async Task<Guid> StaffMakeFinalistAsync(string category)
    {
        var cycle = fixture.Services.GetRequiredService<CycleCatalog>().Current!;
        var nominations = await WithServicesAsync(s => s.GetRequiredService<NominationService>().ForCycleAsync(cycle.Id));
        var key = nominations.Single(n => n.CategoryName == category).Key;
        Task<Attempt<NominationOperationStatus>> Step(Func<Nomination, AwardCycle, DateTime, Attempt<NominationOperationStatus>> step) =>
            WithServicesAsync(s => s.GetRequiredService<NominationService>().StepAsync(key, null, step));
        Assert.True((await Step((n, c, now) => n.ReviewChecklist(true, null, "staff", now))).Succeeded);
        Assert.True((await Step((n, c, now) => n.DecideFinalist(true, "staff", now))).Succeeded);

        // Staff bring the notification date forward to today (and the earlier dates with it), then release.
        var now = DateTime.UtcNow;
        var d = cycle.Dates;
        var moved = d with
        {
            ApplicationsOpenUtc = now.AddDays(-10), ApplicationsCloseUtc = now.AddDays(-5), ChecklistDueUtc = now.AddDays(-4),
            InterviewsStartUtc = now.AddDays(-4), InterviewsEndUtc = now.AddDays(-2), FinalistsNotifiedByUtc = now.AddMinutes(-1),
        };
        var problems = await WithServicesAsync(s => s.GetRequiredService<CycleService>()
            .UpdateAsync(cycle.Id, cycle.Name, cycle.Year, cycle.FirstRatingsYear, cycle.TimeZoneId, moved, cycle.CategoryKeys.ToList()));
        Assert.Empty(problems);
        var (released, result) = await WithServicesAsync(s => s.GetRequiredService<NominationService>().ReleaseDecisionsAsync(cycle.Id, "staff"));
        Assert.True(result.Succeeded, result.Message);
        Assert.Equal(1, released);
        return key;
    }

    private async Task<T> WithServicesAsync<T>(Func<IServiceProvider, Task<T>> action)
    {
        await using var scope = fixture.Services.CreateAsyncScope();
        return await action(scope.ServiceProvider);
    }

    [GeneratedRegex("https?://[^\"<\\s]+/portal/confirm\\?[^\"<\\s]+")]
    private static partial Regex ConfirmLink();
}
