using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using SqmSite.Cms.Media;
using SqmSite.Cms.Security;
using SqmSite.Testing;
using SqmSite.E2E.Pages;

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
            await SignInPage.OpenAndSubmitAsync(page, "/backoffice/login", BrowserFixture.EditorEmail, BrowserFixture.Password);
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

    [Fact]
    public async Task An_editor_creates_renames_and_deletes_a_folder_and_a_folder_in_use_is_kept()
    {
        var page = await fixture.BackofficePageAsync(BackofficeRoles.Editor);
        await page.GotoAsync("/backoffice/media");
        var newFolder = page.Locator("section", new() { Has = page.GetByRole(AriaRole.Heading, new() { Name = "New folder" }) });

        // A name is required, and the page says so beside the field.
        await newFolder.GetByRole(AriaRole.Button, new() { Name = "Create folder" }).ClickAsync();
        await newFolder.GetByText("Folder name is required.").WaitForAsync();
        Assert.Equal("true", await newFolder.GetByLabel("Name").GetAttributeAsync("aria-invalid"));

        await newFolder.GetByLabel("Name").FillAsync("Gala 2026");
        await newFolder.GetByRole(AriaRole.Button, new() { Name = "Create folder" }).ClickAsync();
        await page.GetByText("The folder \"Gala 2026\" was created.").WaitForAsync();
        await page.GetByRole(AriaRole.Heading, new() { Name = "Gala 2026", Level = 1 }).WaitForAsync();

        await page.GetByLabel("Rename to").FillAsync("Gala night 2026");
        await page.GetByRole(AriaRole.Button, new() { Name = "Rename", Exact = true }).ClickAsync();
        await page.GetByText("The folder was renamed.").WaitForAsync();
        await page.GetByRole(AriaRole.Heading, new() { Name = "Gala night 2026", Level = 1 }).WaitForAsync();
        await BrowserFixture.AssertAccessibleAsync(page, "media folder");

        using var asked = PortalTestSteps.AnswerDialogs(page);
        await page.GetByRole(AriaRole.Button, new() { Name = "Delete folder" }).ClickAsync();
        await page.GetByText("The folder \"Gala night 2026\" was deleted.").WaitForAsync();
        Assert.Equal("Delete this empty folder?", Assert.Single(asked));
        await page.GetByRole(AriaRole.Heading, new() { Name = "Media", Level = 1 }).WaitForAsync();
        Assert.Equal(0, await page.GetByRole(AriaRole.Link, new() { Name = "Gala night 2026" }).CountAsync());

        // A folder with a file in it is refused, and the file stays.
        var folderId = await fixture.WithServicesAsync(async s =>
        {
            var media = s.GetRequiredService<MediaService>();
            var folder = (await media.CreateFolderAsync(null, "Sponsors")).Value!;
            using var logo = new MemoryStream(TestImages.Png(300, 200));
            Assert.True((await media.UploadAsync(logo, "sponsor-logo.png", "The sponsor's logo", folder.Id, "editor@example.org")).Succeeded);
            return folder.Id;
        });
        await page.GotoAsync($"/backoffice/media/{folderId}");
        await page.GetByRole(AriaRole.Button, new() { Name = "Delete folder" }).ClickAsync();
        await page.GetByText("The folder \"Sponsors\" is not empty; move or delete what is in it first.").WaitForAsync();
        await page.Locator(".media-tile-link", new() { HasText = "sponsor-logo" }).WaitForAsync();
    }

    [Fact]
    public async Task An_editor_edits_an_images_details_moves_it_to_a_folder_and_replaces_its_file()
    {
        var (itemId, folderName) = await fixture.WithServicesAsync(async s =>
        {
            var media = s.GetRequiredService<MediaService>();
            var folder = (await media.CreateFolderAsync(null, "Winners " + Guid.NewGuid().ToString("N")[..6])).Value!;
            using var photo = new MemoryStream(TestImages.Png(640, 480));
            var item = (await media.UploadAsync(photo, "trophy.png", "A glass trophy on a table", null, "editor@example.org")).Value!;
            return (item.Id, folder.Name);
        });
        var page = await fixture.BackofficePageAsync(BackofficeRoles.Editor);
        await page.GotoAsync($"/backoffice/media/edit/{itemId}");
        await page.GetByText("640 × 480 pixels").WaitForAsync();

        // Clearing the alt text of an image is refused with the field's message; nothing is saved.
        await page.GetByLabel("Name (required)").FillAsync("Trophy close-up");
        await page.GetByLabel("Alt text (required)").FillAsync("");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save details" }).ClickAsync();
        await page.Locator(".bo-field-error", new() { HasText = "Alt text is required for images" }).WaitForAsync();
        Assert.Equal("true", await page.GetByLabel("Alt text (required)").GetAttributeAsync("aria-invalid"));
        Assert.Equal("Trophy close-up", await page.GetByLabel("Name (required)").InputValueAsync());
        Assert.Equal("trophy", (await fixture.WithServicesAsync(s => s.GetRequiredService<MediaService>().GetAsync(itemId)))!.Name);

        await page.GetByLabel("Alt text (required)").FillAsync("The glass trophy of the year, close up");
        await page.GetByLabel("Folder").SelectOptionAsync(new SelectOptionValue { Label = folderName });
        await page.GetByRole(AriaRole.Button, new() { Name = "Save details" }).ClickAsync();
        await page.GetByText("The details were saved.").WaitForAsync();
        await page.GetByRole(AriaRole.Heading, new() { Name = "Trophy close-up", Level = 1 }).WaitForAsync();
        Assert.Equal(folderName, await page.Locator(".bo-crumbs a").Last.TextContentAsync());
        Assert.Equal("The glass trophy of the year, close up", await page.GetByLabel("Alt text (required)").InputValueAsync());

        // Replacing with a PDF is refused in words; replacing with another picture keeps the item and its address.
        var replace = page.Locator("form[data-replace]");
        await replace.GetByLabel("New image").SetInputFilesAsync(new FilePayload { Name = "menu.pdf", MimeType = "application/pdf", Buffer = TestImages.Pdf() });
        await replace.GetByRole(AriaRole.Button, new() { Name = "Replace" }).ClickAsync();
        await replace.GetByText("An image can only be replaced by another image (PNG, JPEG, WebP or GIF), so that pages using it still show a picture.").WaitForAsync();

        await replace.GetByLabel("New image").SetInputFilesAsync(new FilePayload { Name = "trophy-wide.png", MimeType = "image/png", Buffer = TestImages.Png(1200, 800) });
        await replace.GetByRole(AriaRole.Button, new() { Name = "Replace" }).ClickAsync();
        await page.GetByText("1200 × 800 pixels").WaitForAsync();
        await page.GetByText("version 2").WaitForAsync();
        await page.GetByText("uploaded as “trophy-wide.png”").WaitForAsync();
        await BrowserFixture.AssertAccessibleAsync(page, "media details");
        await BrowserFixture.ScreenshotAsync(page, "media-details");
        var phone = await fixture.BackofficePageAsync(BackofficeRoles.Editor, 390, 844);
        await phone.GotoAsync($"/backoffice/media/edit/{itemId}");
        await BrowserFixture.AssertNoSidewaysScrollAsync(phone, "media details at 390 px");
        await BrowserFixture.ScreenshotAsync(phone, "media-details");
    }

    [Fact]
    public async Task An_editor_deletes_a_file_from_its_page_after_confirming_and_it_leaves_its_folder()
    {
        var (itemId, folderId) = await fixture.WithServicesAsync(async s =>
        {
            var media = s.GetRequiredService<MediaService>();
            var folder = (await media.CreateFolderAsync(null, "Old banners " + Guid.NewGuid().ToString("N")[..6])).Value!;
            using var image = new MemoryStream(TestImages.Png(400, 200));
            var item = (await media.UploadAsync(image, "retired-banner.png", "Last year's banner", folder.Id, "editor@example.org")).Value!;
            return (item.Id, folder.Id);
        });
        var page = await fixture.BackofficePageAsync(BackofficeRoles.Editor);
        using var asked = PortalTestSteps.AnswerDialogs(page);
        await page.GotoAsync($"/backoffice/media/edit/{itemId}");
        await page.GetByRole(AriaRole.Heading, new() { Name = "retired-banner", Level = 1 }).WaitForAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Delete", Exact = true }).ClickAsync();
        await page.GetByText("\"retired-banner\" was deleted.").WaitForAsync();
        Assert.Contains("cannot be undone", Assert.Single(asked));
        Assert.EndsWith($"/backoffice/media/{folderId}", page.Url);
        Assert.Equal(0, await page.Locator(".media-tile-link", new() { HasText = "retired-banner" }).CountAsync());
        Assert.Null(await fixture.WithServicesAsync(s => s.GetRequiredService<MediaService>().GetAsync(itemId)));
    }
}
