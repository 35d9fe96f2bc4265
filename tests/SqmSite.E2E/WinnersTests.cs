using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using SqmSite.Awards.Cycles;
using SqmSite.Awards.Data;
using SqmSite.Awards.Judging;
using SqmSite.Awards.Organizations;
using SqmSite.Awards.Winners;
using SqmSite.Cms.Published;
using SqmSite.Cms.Security;

namespace SqmSite.E2E;

/// <summary>
/// Winners in Chromium: the winner's contact signs the publishing terms in the portal (a refusal first), marketing
/// reads the consent card, opens the comparison with the submission, edits the headline and publishes, and the public
/// winner page shows the logo, the story and the results chart (screenshots at 1366 and 390 px, axe).
/// </summary>
public sealed class WinnersTests(BrowserFixture fixture) : IClassFixture<BrowserFixture>
{
    private Task<(Guid NominationKey, int StoryId, int Year)> DeclaredWinnerAsync(string email, string organization, string categoryName, int yearsBack) => fixture.WithServicesAsync(async s =>
    {
        var db = s.GetRequiredService<AwardsDbContext>();
        var current = s.GetRequiredService<CycleCatalog>().Current!;
        var by = TimeSpan.FromDays(-365.25 * yearsBack);
        var dates = current.Dates.Shifted(by);
        var category = s.GetRequiredService<IPublishedContentCache>().Snapshot.All.Single(c => c.ContentTypeAlias == "categoryPage" && c.Name == categoryName);
        var (cycle, problems) = await s.GetRequiredService<CycleService>().CreateAsync($"Browser {current.Year - yearsBack}", current.Year - yearsBack, current.TimeZoneId, dates, [category.Key]);
        Assert.Empty(problems);

        // The entry went through steps 1 to 4 (arranged through the domain); the portal user is its contact.
        var nomination = await SqmSite.Testing.SubmittedStories.AddAsync(db, cycle!, category.Key, category.Name, organization);
        var user = await s.GetRequiredService<Microsoft.AspNetCore.Identity.UserManager<BackofficeUser>>().FindByEmailAsync(email);
        if (user is not null)
        {
            db.OrganizationMembers.RemoveRange(db.OrganizationMembers.Where(m => m.UserId == user.Id));
            db.OrganizationMembers.Add(new OrganizationMember(nomination.OrganizationId, user.Id, true, DateTime.UtcNow));
        }

        await db.SaveChangesAsync();
        await using (var logo = new MemoryStream(SqmSite.Testing.TestImages.Png(400, 400)))
        {
            Assert.Null(await s.GetRequiredService<OrganizationService>().SetLogoAsync(nomination.OrganizationId, logo, "logo.png", email));
        }

        var panel = await s.GetRequiredService<PanelService>().PanelAsync(cycle!.Id, category.Key, category.Name);
        Assert.True((await s.GetRequiredService<ResultsService>().DeclareAsync(panel.Key, nomination.Key, null, "staff")).Succeeded);
        Assert.True(await s.GetRequiredService<ResultsService>().AnnounceDueAsync() >= 1);
        var story = await s.GetRequiredService<WinnerStoryService>().StoryNodeAsync(nomination.Id);
        return (nomination.Key, story!.Id, cycle.Year);
    });

    [Fact]
    public async Task A_winner_signs_consent_marketing_compares_edits_and_publishes_and_the_public_page_shows_logo_story_and_chart()
    {
        const string email = "winner-contact@example.org";
        const string organization = "Browser Winner Co";
        var portal = await fixture.NomineePageAsync(email, organization);
        var (nominationKey, storyId, year) = await DeclaredWinnerAsync(email, organization, "Web Self-Service", yearsBack: 2);

        // The winner signs the terms in the portal: without ticking the box first.
        await portal.GotoAsync($"/portal/nominations/{nominationKey}");
        await portal.GetByRole(AriaRole.Link, new() { Name = "Publishing consent" }).ClickAsync();
        await Assertions.Expect(portal.GetByRole(AriaRole.Heading, new() { Name = "Winner publishing terms" })).ToBeVisibleAsync();
        await BrowserFixture.ScreenshotAsync(portal, "winners-portal-terms");
        await portal.GetByLabel("Your full name").FillAsync("Robin Winner");
        await portal.GetByLabel("Your job title").FillAsync("Head of customer care");
        await portal.GetByRole(AriaRole.Button, new() { Name = "Sign the publishing terms" }).ClickAsync();
        await Assertions.Expect(portal.GetByRole(AriaRole.Alert)).ToContainTextAsync("Tick the box to say you agree");
        await Assertions.Expect(portal.GetByLabel("Your full name")).ToHaveValueAsync("Robin Winner");
        await BrowserFixture.AssertAccessibleAsync(portal, "the consent page with an error");
        await portal.GetByLabel("I have read the terms above").CheckAsync();
        await portal.GetByRole(AriaRole.Button, new() { Name = "Sign the publishing terms" }).ClickAsync();
        await Assertions.Expect(portal.GetByText("Thank you: your consent is recorded.")).ToBeVisibleAsync();
        await Assertions.Expect(portal.GetByText("Signed by Robin Winner, Head of customer care")).ToBeVisibleAsync();
        await BrowserFixture.ScreenshotAsync(portal, "winners-portal-consent");

        // Marketing: the card says it may be published; the comparison; a new headline; publish.
        var marketing = await fixture.BackofficePageAsync(BackofficeRoles.Marketing);
        await marketing.GotoAsync($"/backoffice/content/edit/{storyId}");
        await Assertions.Expect(marketing.GetByText("Publishing consent is in force")).ToBeVisibleAsync();
        await marketing.GetByLabel("Headline").FillAsync("Self-service that customers finish");
        var story = marketing.Locator("trix-editor[input='field-story']");
        await story.ClickAsync();
        await story.PressAsync("Control+End");
        await story.PressSequentiallyAsync(" Every visitor finds the answer.");
        await marketing.GetByRole(AriaRole.Button, new() { Name = "Save draft" }).ClickAsync();
        await Assertions.Expect(marketing.GetByText("Draft saved.")).ToBeVisibleAsync();
        await marketing.GetByRole(AriaRole.Link, new() { Name = "Compare with the submission" }).ClickAsync();
        await Assertions.Expect(marketing.GetByRole(AriaRole.Heading, new() { Name = "Compare with the submission" })).ToBeVisibleAsync();
        await Assertions.Expect(marketing.Locator(".diff ins").First).ToContainTextAsync("visitor");
        await BrowserFixture.ScreenshotAsync(marketing, "winners-compare");
        await BrowserFixture.AssertAccessibleAsync(marketing, "the comparison");
        await marketing.GetByRole(AriaRole.Link, new() { Name = "Back to the editor" }).ClickAsync();
        await marketing.GetByRole(AriaRole.Button, new() { Name = "Save and publish" }).ClickAsync();
        await Assertions.Expect(marketing.GetByText("Saved and published.")).ToBeVisibleAsync();

        // The public page: logo, story, chart and its table.
        foreach (var width in new[] { 1366, 390 })
        {
            var visitor = await fixture.NewPageAsync(width);
            await visitor.GotoAsync("/winners/");
            await visitor.GetByLabel("Year", new() { Exact = true }).SelectOptionAsync(year.ToString());
            await visitor.GetByRole(AriaRole.Button, new() { Name = "Show winners" }).ClickAsync();
            await Assertions.Expect(visitor.GetByRole(AriaRole.Heading, new() { Name = $"1 winner in {year}" })).ToBeVisibleAsync();
            await visitor.GotoAsync($"/winners/{year}/");
            await visitor.GetByRole(AriaRole.Link, new() { Name = organization }).ClickAsync();
            await Assertions.Expect(visitor.GetByRole(AriaRole.Heading, new() { Name = "Self-service that customers finish", Level = 1 })).ToBeVisibleAsync();
            await Assertions.Expect(visitor.GetByRole(AriaRole.Img, new() { Name = $"{organization} logo" })).ToBeVisibleAsync();
            await Assertions.Expect(visitor.GetByText("Every visitor finds the answer.")).ToBeVisibleAsync();
            await Assertions.Expect(visitor.Locator("canvas#results-chart[data-drawn='true']")).ToBeVisibleAsync();
            await Assertions.Expect(visitor.GetByRole(AriaRole.Table)).ToContainTextAsync("78%");
            await BrowserFixture.AssertNoSidewaysScrollAsync(visitor, $"the winner page at {width} px");
            await BrowserFixture.AssertAccessibleAsync(visitor, $"the winner page at {width} px");
            await BrowserFixture.ScreenshotAsync(visitor, "winners-story");
            await visitor.GotoAsync("/winners/");
            await BrowserFixture.ScreenshotAsync(visitor, "winners-index");
            await visitor.Context.CloseAsync();
        }
    }

    [Fact]
    public async Task Staff_record_a_paper_consent_with_its_pdf_then_a_withdrawal_and_remake_a_deleted_story_draft()
    {
        const string organization = "Paper Winner Co";
        var (nominationKey, storyId, _) = await DeclaredWinnerAsync("paper-contact@example.org", organization, "IVR Self-Service", yearsBack: 3);
        var staff = await fixture.BackofficePageAsync(BackofficeRoles.AwardsStaff);
        await staff.GotoAsync("/backoffice/awards/winners?cycle=" + await fixture.WithServicesAsync(async s =>
            (await s.GetRequiredService<AwardsDbContext>().Nominations.SingleAsync(n => n.Key == nominationKey)).CycleId));
        await staff.GetByRole(AriaRole.Link, new() { Name = organization, Exact = true }).ClickAsync();
        await Assertions.Expect(staff.GetByText("No consent on record.")).ToBeVisibleAsync();

        // Without the PDF and the date: the form says what is missing and keeps what was typed.
        await staff.GetByLabel("Name of the person who signed").FillAsync("Sam Paper");
        await staff.GetByLabel("Their job title").FillAsync("Managing director");
        await staff.GetByRole(AriaRole.Button, new() { Name = "Record the consent" }).ClickAsync();
        await Assertions.Expect(staff.GetByRole(AriaRole.Alert)).ToContainTextAsync("Attach the signed terms as a PDF.");
        await Assertions.Expect(staff.GetByRole(AriaRole.Alert)).ToContainTextAsync("Enter the date on the signed paper.");
        await Assertions.Expect(staff.GetByLabel("Name of the person who signed")).ToHaveValueAsync("Sam Paper");
        await BrowserFixture.AssertAccessibleAsync(staff, "the winner page with errors");

        await staff.GetByLabel("Date on the paper").FillAsync(DateTime.UtcNow.ToString("yyyy-MM-dd"));
        await staff.GetByLabel("Signed terms (PDF)").SetInputFilesAsync(new FilePayload { Name = "signed.pdf", MimeType = "application/pdf", Buffer = SqmSite.Testing.TestPdfs.Plain("Signed") });
        await staff.GetByRole(AriaRole.Button, new() { Name = "Record the consent" }).ClickAsync();
        await Assertions.Expect(staff.GetByText("The signed consent was recorded.")).ToBeVisibleAsync();
        await Assertions.Expect(staff.GetByRole(AriaRole.Table)).ToContainTextAsync("Sam Paper, Managing director");
        await BrowserFixture.ScreenshotAsync(staff, "winners-staff-winner");
        var download = await BrowserFixture.DownloadAsync(staff, staff.GetByRole(AriaRole.Link, new() { Name = "Signed paper (PDF) of Sam Paper" }));
        Assert.StartsWith("signed-consent-", download.SuggestedFilename);
        Assert.Equal("%PDF", System.Text.Encoding.ASCII.GetString(File.ReadAllBytes((await download.PathAsync())!)[..4]));

        // The story is published, then the withdrawal takes it off the site.
        Assert.True((await fixture.WithServicesAsync(s => s.GetRequiredService<SqmSite.Cms.Content.ContentService>().PublishAsync(storyId, "marketing"))).Succeeded);
        var url = fixture.Services.GetRequiredService<IPublishedContentCache>().Snapshot.All.Single(c => c.Id == storyId).Url;
        using var confirmations = PortalTestSteps.AnswerDialogs(staff);
        await staff.GetByLabel("Date of the withdrawal").FillAsync(DateTime.UtcNow.ToString("yyyy-MM-dd"));
        await staff.GetByRole(AriaRole.Button, new() { Name = "Record the withdrawal" }).ClickAsync();
        await Assertions.Expect(staff.GetByRole(AriaRole.Alert)).ToContainTextAsync("Say why the consent was withdrawn.");
        await staff.GetByLabel("Reason").FillAsync("The new owners do not want it published.");
        await staff.GetByRole(AriaRole.Button, new() { Name = "Record the withdrawal" }).ClickAsync();
        await Assertions.Expect(staff.GetByText("The withdrawal was recorded.")).ToBeVisibleAsync();
        await Assertions.Expect(staff.GetByRole(AriaRole.Table)).ToContainTextAsync("The new owners do not want it published.");
        var visitor = await fixture.NewPageAsync();
        Assert.Equal(404, (await visitor.GotoAsync(url))!.Status);

        // A story deleted by an editor is made again from the winner page.
        Assert.True((await fixture.WithServicesAsync(s => s.GetRequiredService<SqmSite.Cms.Content.ContentService>().DeleteAsync(storyId, "editor"))).Succeeded);
        await staff.ReloadAsync();
        await staff.GetByRole(AriaRole.Button, new() { Name = "Make the story draft" }).ClickAsync();
        await Assertions.Expect(staff.GetByText("The story draft was made.")).ToBeVisibleAsync();
        await Assertions.Expect(staff.GetByText("The story is a draft.")).ToBeVisibleAsync();
        foreach (var width in new[] { 1366, 390 })
        {
            var page = await fixture.BackofficePageAsync(BackofficeRoles.AwardsStaff, width);
            await page.GotoAsync($"/backoffice/awards/winners/{nominationKey}");
            await BrowserFixture.AssertNoSidewaysScrollAsync(page, $"the winner page at {width} px");
            await BrowserFixture.ScreenshotAsync(page, "winners-staff-withdrawn");
            await page.Context.CloseAsync();
        }
    }
}
