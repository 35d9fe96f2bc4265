using Microsoft.Playwright;

namespace SqmSite.E2E;

public sealed class EditorPublishesTests(BrowserFixture fixture) : IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task An_editor_changes_a_category_overview_publishes_and_the_public_page_shows_it()
    {
        var page = await fixture.BackofficePageAsync(SqmSite.Cms.Security.BackofficeRoles.Editor);
        await page.GotoAsync("/backoffice");
        await page.GetByRole(AriaRole.Heading, new() { Name = "Welcome, Erin Editor" }).WaitForAsync();

        await page.GetByRole(AriaRole.Link, new() { Name = "Content", Exact = true }).ClickAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "Email Channel", Exact = true }).ClickAsync();
        await page.GetByRole(AriaRole.Heading, new() { Name = "Email Channel", Level = 1 }).WaitForAsync();

        // Type into the real rich-text editor, as a person does.
        var overview = page.Locator("trix-editor[input='field-overview']");
        await overview.ClickAsync();
        await page.Keyboard.PressAsync("Control+A");
        await page.Keyboard.TypeAsync("Email that answers the question the first time, in plain words.");
        await page.ScreenshotAsync(new() { Path = Path.Combine(BrowserFixture.ScreenshotFolder, "backoffice-edit-category.png"), FullPage = true });

        await page.GetByRole(AriaRole.Button, new() { Name = "Save and publish" }).ClickAsync();
        await page.GetByText("Saved and published.").WaitForAsync();

        var visitor = await fixture.NewPageAsync();
        var response = await visitor.GotoAsync("/categories/email-channel/");
        Assert.Equal(200, response!.Status);
        Assert.Contains("Email that answers the question the first time, in plain words.", await visitor.ContentAsync());
        await visitor.ScreenshotAsync(new() { Path = Path.Combine(BrowserFixture.ScreenshotFolder, "category-page.png"), FullPage = true });
    }

    [Fact]
    public async Task The_home_page_renders_with_its_navigation_and_is_captured()
    {
        var page = await fixture.NewPageAsync();
        var response = await page.GotoAsync("/");
        Assert.Equal(200, response!.Status);
        Assert.Equal(1, await page.Locator("h1").CountAsync());
        Assert.True(await page.GetByRole(AriaRole.Navigation, new() { Name = "Main" }).IsVisibleAsync());
        await page.ScreenshotAsync(new() { Path = Path.Combine(BrowserFixture.ScreenshotFolder, "home.png"), FullPage = true });

        var mobile = await fixture.NewPageAsync(390, 844);
        await mobile.GotoAsync("/the-process/");
        await mobile.ScreenshotAsync(new() { Path = Path.Combine(BrowserFixture.ScreenshotFolder, "process-mobile.png"), FullPage = true });
    }

    [Fact]
    public async Task The_skip_link_is_the_first_thing_the_keyboard_reaches()
    {
        var page = await fixture.NewPageAsync();
        await page.GotoAsync("/categories/");
        await page.Keyboard.PressAsync("Tab");
        var focused = await page.EvaluateAsync<string>("() => document.activeElement.getAttribute('href')");
        Assert.Equal("#main", focused);
    }
}
