using Microsoft.Playwright;
using SqmSite.Testing;

namespace SqmSite.E2E;

public sealed class MediaLibraryTests(BrowserFixture fixture) : IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task An_editor_uploads_an_image_sets_its_focal_point_picks_it_for_the_home_page_and_the_public_page_shows_the_hero_crop()
    {
        var photo = Path.Combine(Path.GetTempPath(), $"gala-stage-{Guid.NewGuid():N}.jpg");
        await File.WriteAllBytesAsync(photo, TestImages.CameraJpeg(1800, 1200));
        try
        {
            var page = await fixture.NewPageAsync();
            await page.GotoAsync("/backoffice/login");
            await page.GetByLabel("Email").FillAsync(BrowserFixture.EditorEmail);
            await page.GetByLabel("Password").FillAsync(BrowserFixture.Password);
            await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
            await page.GetByRole(AriaRole.Heading, new() { Name = "Welcome, Erin Editor" }).WaitForAsync();

            // Upload through the queue, with its alt text, and watch it arrive in the library.
            await page.GetByRole(AriaRole.Link, new() { Name = "Media", Exact = true }).ClickAsync();
            await page.GetByRole(AriaRole.Heading, new() { Name = "Media", Level = 1 }).WaitForAsync();
            await page.Locator("#upload-file").SetInputFilesAsync(photo);
            await page.GetByLabel("Alt text (required)").FillAsync("The gala stage lit in gold before the awards");
            await page.GetByRole(AriaRole.Button, new() { Name = "Upload", Exact = true }).ClickAsync();
            var tile = page.Locator(".media-tile-link", new() { HasText = "gala-stage" });
            await tile.WaitForAsync();
            await page.ScreenshotAsync(new() { Path = Path.Combine(BrowserFixture.ScreenshotFolder, "media-library.png"), FullPage = true });

            // Click on the picture to set the focal point, then save.
            await tile.ClickAsync();
            var stage = page.Locator("[data-stage-image]");
            await stage.WaitForAsync();
            await page.WaitForFunctionAsync("() => document.querySelector('[data-stage-image]').naturalWidth > 0");
            var box = (await stage.BoundingBoxAsync())!;
            await stage.ClickAsync(new() { Position = new() { X = box.Width * 0.3f, Y = box.Height * 0.7f } });
            Assert.Equal("30", (await page.GetByLabel("Across (%)").InputValueAsync()).Split('.')[0]);
            await page.Locator("[data-crop='hero'] [data-crop-show]").ClickAsync();
            await page.ScreenshotAsync(new() { Path = Path.Combine(BrowserFixture.ScreenshotFolder, "media-focal-point.png"), FullPage = true });
            await page.GetByRole(AriaRole.Button, new() { Name = "Save focal point and crops" }).ClickAsync();
            await page.GetByText("The focal point and crops were saved.").WaitForAsync();

            // Pick it as the home page's hero image in the library dialog, and publish.
            await page.GetByRole(AriaRole.Link, new() { Name = "Content", Exact = true }).ClickAsync();
            await page.GetByRole(AriaRole.Link, new() { Name = "Home", Exact = true }).First.ClickAsync();
            await page.GetByRole(AriaRole.Button, new() { Name = "Choose from the library…" }).ClickAsync();
            await page.Locator(".media-dialog-item", new() { HasText = "gala-stage" }).ClickAsync();
            await page.Locator("[data-picker-preview] img").WaitForAsync();
            await page.GetByRole(AriaRole.Button, new() { Name = "Save and publish" }).ClickAsync();
            await page.GetByText("Saved and published.").WaitForAsync();

            // The public page shows it in the hero crop, loaded.
            var visitor = await fixture.NewPageAsync();
            var response = await visitor.GotoAsync("/");
            Assert.Equal(200, response!.Status);
            var hero = visitor.Locator(".hero-media img");
            Assert.Contains("crop=hero", await hero.GetAttributeAsync("src"));
            Assert.Equal("The gala stage lit in gold before the awards", await hero.GetAttributeAsync("alt"));
            await visitor.WaitForFunctionAsync("() => { const i = document.querySelector('.hero-media img'); return i.complete && i.naturalWidth > 0; }");
            var current = await hero.EvaluateAsync<string>("i => i.currentSrc");
            Assert.Contains("crop=hero", current);
            var size = await hero.EvaluateAsync<int[]>("i => [i.clientWidth, i.clientHeight]");
            Assert.InRange(size[0] / (double)size[1], 2.2, 2.45);
            await hero.ScrollIntoViewIfNeededAsync();
            await visitor.ScreenshotAsync(new() { Path = Path.Combine(BrowserFixture.ScreenshotFolder, "home-hero-image.png"), FullPage = true });
        }
        finally
        {
            File.Delete(photo);
        }
    }
}
