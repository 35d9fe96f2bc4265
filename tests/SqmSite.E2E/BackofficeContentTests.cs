using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using SqmSite.Cms.Content;
using SqmSite.Cms.Security;
using SqmSite.Cms.Web;

namespace SqmSite.E2E;

/// <summary>The content editor's forms, each driven through the page as an editor does: create, save, publish, schedule, unpublish, roll back.</summary>
public sealed class BackofficeContentTests(BrowserFixture fixture) : IClassFixture<BrowserFixture>
{
    private static readonly TimeZoneInfo Eastern = TimeZoneInfo.FindSystemTimeZoneById("America/New_York");

    [Fact]
    public async Task An_editor_creates_a_content_page_below_about_the_awards_keeps_typed_text_on_an_error_publishes_it_and_the_public_site_shows_it()
    {
        var page = await fixture.BackofficePageAsync(BackofficeRoles.Editor);
        await page.GotoAsync("/backoffice/content");
        await page.GetByRole(AriaRole.Link, new() { Name = "About the awards", Exact = true }).ClickAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "Add a page below this one" }).ClickAsync();
        await page.GetByRole(AriaRole.Heading, new() { Name = "Create a page below “About the awards”" }).WaitForAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "Content page" }).ClickAsync();
        await page.GetByRole(AriaRole.Heading, new() { Name = "New Content page", Level = 1 }).WaitForAsync();

        // The body is required: saving without it is refused, and what was typed stays on the screen.
        await page.GetByLabel("Name").FillAsync("Judging visits");
        await page.GetByLabel("Summary").FillAsync("How and when the judges visit finalists.");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save draft" }).ClickAsync();
        var summary = page.Locator("#bo-errors");
        await summary.WaitForAsync();
        Assert.Equal("Judging visits", await page.GetByLabel("Name").InputValueAsync());
        Assert.Equal("How and when the judges visit finalists.", await page.GetByLabel("Summary").InputValueAsync());
        await BrowserFixture.ScreenshotAsync(page, "backoffice-create-page-error");
        var body = page.Locator("trix-editor[input='field-body']");
        Assert.Equal("true", await body.GetAttributeAsync("aria-invalid"));
        Assert.Contains("error-body", await body.GetAttributeAsync("aria-describedby") ?? "");

        await body.ClickAsync();
        await page.Keyboard.TypeAsync("The panel visits some finalists on site, by appointment.");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save draft" }).ClickAsync();
        await page.GetByText("Draft saved. It is not on the site until you publish.").WaitForAsync();
        await page.GetByRole(AriaRole.Heading, new() { Name = "Judging visits", Level = 1 }).WaitForAsync();
        Assert.Matches("/backoffice/content/edit/\\d+$", page.Url);

        await page.GetByRole(AriaRole.Button, new() { Name = "Save and publish" }).ClickAsync();
        await page.GetByText("Saved and published.").WaitForAsync();

        var visitor = await fixture.NewPageAsync();
        var response = await visitor.GotoAsync("/about-the-awards/judging-visits/");
        Assert.Equal(200, response!.Status);
        await visitor.GetByText("The panel visits some finalists on site, by appointment.").WaitForAsync();
    }

    [Fact]
    public async Task An_editor_creates_an_award_category_below_the_categories_page_and_publishes_it_at_once()
    {
        var page = await fixture.BackofficePageAsync(BackofficeRoles.Editor);
        await page.GotoAsync("/backoffice/content");
        await page.GetByRole(AriaRole.Link, new() { Name = "Award categories", Exact = true }).ClickAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "Add a page below this one" }).ClickAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "Award category" }).ClickAsync();
        await page.GetByRole(AriaRole.Heading, new() { Name = "New Award category", Level = 1 }).WaitForAsync();

        await page.GetByLabel("Name").FillAsync("Social Media Care");
        await page.GetByLabel("URL segment").FillAsync("social-media-care");
        await page.Locator("#field-summary").FillAsync("Service on social networks that resolves, not deflects.");
        await page.Locator("#field-kind").FillAsync("Practice");
        await page.Locator("trix-editor[input='field-overview']").ClickAsync();
        await page.Keyboard.TypeAsync("Public replies that lead to a private resolution.");
        await page.Locator("#field-impactOnCx").FillAsync("Must improve or maintain FCR and Csat.");
        await page.Locator("#field-impactMetrics").FillAsync("FCR\nCsat");
        await page.Locator("#field-storyShouldCover").FillAsync("How the practice works\nResults");
        await page.Locator("#field-categoryQuestions").FillAsync("How fast is the first reply?");
        await BrowserFixture.ScreenshotAsync(page, "backoffice-create-category");

        await page.GetByRole(AriaRole.Button, new() { Name = "Save and publish" }).ClickAsync();
        await page.GetByText("Saved and published.").WaitForAsync();
        await page.GetByRole(AriaRole.Heading, new() { Name = "Social Media Care", Level = 1 }).WaitForAsync();

        await page.GotoAsync("/backoffice/content");
        var node = page.Locator("li", new() { Has = page.GetByRole(AriaRole.Link, new() { Name = "Award categories", Exact = true }) })
            .GetByRole(AriaRole.Link, new() { Name = "Social Media Care" });
        await node.WaitForAsync();

        var visitor = await fixture.NewPageAsync();
        var response = await visitor.GotoAsync("/categories/social-media-care/");
        Assert.Equal(200, response!.Status);
        await visitor.GetByText("Public replies that lead to a private resolution.").WaitForAsync();
    }

    [Fact]
    public async Task An_editor_schedules_a_page_and_reads_the_times_back_in_eastern_time()
    {
        var id = await DraftAsync("Gala seating", "gala-seating");
        var page = await fixture.BackofficePageAsync(BackofficeRoles.Editor);
        await page.GotoAsync($"/backoffice/content/edit/{id}");
        await page.GetByText("Times are in Eastern Time.").WaitForAsync();

        var publishLocal = TimeZoneInfo.ConvertTimeFromUtc(DateTime.UtcNow, Eastern).Date.AddDays(10).AddHours(9).AddMinutes(30);
        var unpublishLocal = publishLocal.AddDays(5).AddHours(8);
        await page.GetByLabel("Publish at", new() { Exact = true }).FillAsync(publishLocal.ToString("yyyy-MM-dd'T'HH:mm", CultureInfo.InvariantCulture));
        await page.GetByLabel("Unpublish at", new() { Exact = true }).FillAsync(unpublishLocal.ToString("yyyy-MM-dd'T'HH:mm", CultureInfo.InvariantCulture));
        await page.GetByRole(AriaRole.Button, new() { Name = "Save schedule" }).ClickAsync();
        await page.GetByText("The schedule was saved.").WaitForAsync();

        var publishUtc = TimeZoneInfo.ConvertTimeToUtc(publishLocal, Eastern);
        var unpublishUtc = TimeZoneInfo.ConvertTimeToUtc(unpublishLocal, Eastern);
        await page.GetByText("Publishes on " + SiteTime.Format(publishUtc, Eastern)).WaitForAsync();
        await page.GetByText("Leaves the site on " + SiteTime.Format(unpublishUtc, Eastern)).WaitForAsync();
        Assert.EndsWith("Eastern Time", SiteTime.Format(publishUtc, Eastern));
        Assert.Equal(publishLocal.ToString("yyyy-MM-dd'T'HH:mm", CultureInfo.InvariantCulture), await page.GetByLabel("Publish at", new() { Exact = true }).InputValueAsync());
        Assert.Equal("Gala seating", await page.GetByLabel("Name").InputValueAsync());
        await BrowserFixture.ScreenshotAsync(page, "backoffice-schedule");

        var node = await fixture.WithServicesAsync(s => s.GetRequiredService<ContentService>().GetNodeAsync(id));
        Assert.Equal(publishUtc, node!.PublishAtUtc);
        Assert.Equal(unpublishUtc, node.UnpublishAtUtc);

        // A time in the past is refused in the site's words, and the editor keeps the page's content.
        await page.GetByLabel("Publish at", new() { Exact = true }).FillAsync("2020-01-01T09:00");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save schedule" }).ClickAsync();
        await page.GetByText("The publish time must be in the future.").First.WaitForAsync();
        Assert.Equal("Gala seating", await page.GetByLabel("Name").InputValueAsync());
        Assert.DoesNotContain("field is required", await page.ContentAsync());
    }

    [Fact]
    public async Task Unpublish_asks_first_and_then_takes_the_page_off_the_public_site()
    {
        var id = await DraftAsync("Past winners", "past-winners", publish: true);
        var visitor = await fixture.NewPageAsync();
        Assert.Equal(200, (await visitor.GotoAsync("/about-the-awards/past-winners/"))!.Status);

        var page = await fixture.BackofficePageAsync(BackofficeRoles.Editor);
        await page.GotoAsync($"/backoffice/content/edit/{id}");

        // "Cancel" keeps the page live.
        var dismissed = PortalTestSteps.AnswerDialogs(page, accept: false);
        await page.GetByRole(AriaRole.Button, new() { Name = "Unpublish" }).ClickAsync();
        await page.WaitForTimeoutAsync(300);
        dismissed.Dispose();
        Assert.Contains("leaves the public site", Assert.Single(dismissed));
        Assert.Equal(200, (await visitor.GotoAsync("/about-the-awards/past-winners/"))!.Status);

        using var accepted = PortalTestSteps.AnswerDialogs(page);
        await page.GetByRole(AriaRole.Button, new() { Name = "Unpublish" }).ClickAsync();
        await page.GetByText("The page is no longer on the site.").WaitForAsync();
        await page.GetByText("Not published").First.WaitForAsync();
        Assert.Equal(404, (await visitor.GotoAsync("/about-the-awards/past-winners/"))!.Status);
    }

    [Fact]
    public async Task An_editor_rolls_back_to_an_older_version_from_the_versions_page()
    {
        var id = await DraftAsync("Judges", "judges");
        await fixture.WithServicesAsync(async s =>
        {
            var content = s.GetRequiredService<ContentService>();
            return await content.SaveAsync(id, new ContentEdit("Our judges", "judges", Values("Second summary.")), "editor@example.org");
        });

        var page = await fixture.BackofficePageAsync(BackofficeRoles.Editor);
        await page.GotoAsync($"/backoffice/content/versions/{id}");
        await page.GetByRole(AriaRole.Columnheader, new() { Name = "Saved (Eastern Time)" }).WaitForAsync();
        Assert.DoesNotContain(" UTC", await page.Locator("table").InnerTextAsync());
        await page.GetByRole(AriaRole.Button, new() { Name = "Roll back to this" }).ClickAsync();
        await page.GetByText("The old version is now the draft.").WaitForAsync();
        Assert.Equal("Judges", await page.GetByLabel("Name").InputValueAsync());
    }

    [Fact]
    public async Task An_editor_changes_an_email_template_subject_and_publishes_it()
    {
        var page = await fixture.BackofficePageAsync(BackofficeRoles.Editor);
        await page.GotoAsync("/backoffice/content");
        await page.GetByRole(AriaRole.Link, new() { Name = "Confirm your email address", Exact = true }).ClickAsync();
        await page.GetByLabel("Alias").WaitForAsync();
        await page.Locator("#field-subject").FillAsync("Confirm your address for the CX Best Practice Awards");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save and publish" }).ClickAsync();
        await page.GetByText("Saved and published.").WaitForAsync();
        Assert.Equal("Confirm your address for the CX Best Practice Awards", await page.Locator("#field-subject").InputValueAsync());
        Assert.Contains("Eastern Time", await page.Locator(".bo-status").InnerTextAsync());
    }

    private static Dictionary<string, string?> Values(string summary) => new(StringComparer.OrdinalIgnoreCase)
    {
        ["summary"] = summary,
        ["body"] = "<p>Text of the page.</p>",
    };

    /// <summary>A content page below "About the awards", made through the engine's own service.</summary>
    private Task<int> DraftAsync(string name, string segment, bool publish = false) => fixture.WithServicesAsync(async s =>
    {
        var content = s.GetRequiredService<ContentService>();
        var parent = (await content.GetTreeAsync()).Single(i => i.Name == "About the awards");
        var created = await content.CreateAsync(parent.Id, "contentPage", new ContentEdit(name, segment, Values("First summary.")), "editor@example.org");
        Assert.True(created.Succeeded, created.Message);
        if (publish)
        {
            Assert.True((await content.PublishAsync(created.Value!.Id, "editor@example.org")).Succeeded);
        }

        return created.Value!.Id;
    });
}
