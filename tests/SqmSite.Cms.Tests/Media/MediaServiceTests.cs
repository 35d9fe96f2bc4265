using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SqmSite.Cms.Content;
using SqmSite.Cms.Data;
using SqmSite.Cms.Media;
using SqmSite.Testing;

namespace SqmSite.Cms.Tests.Media;

/// <summary>The media service on a real database and a real media folder.</summary>
public sealed class MediaServiceTests(CmsFixture fixture) : IClassFixture<CmsFixture>
{
    private Task<T> MediaAsync<T>(Func<MediaService, Task<T>> action) => fixture.InScopeAsync(action);

    private Task<Attempt<MediaItem, MediaOperationStatus>> UploadAsync(byte[] bytes, string fileName, string? alt = "A description", int? folderId = null) =>
        MediaAsync(m => m.UploadAsync(new MemoryStream(bytes), fileName, alt, folderId, "test"));

    private MediaStorage Storage => fixture.Services.GetRequiredService<MediaStorage>();

    [Fact]
    public async Task An_image_is_stored_under_a_server_made_name_outside_the_web_root_and_listed_in_the_catalog()
    {
        var result = await UploadAsync(TestImages.Png(300, 200), "../../etc/Team photo.png", "The team on stage");
        Assert.True(result.Succeeded, result.Message);
        var item = result.Value!;
        Assert.Equal("Team photo", item.Name);
        Assert.Equal("Team photo.png", item.OriginalFileName);
        Assert.Equal(MediaFormat.Png, item.Format);
        Assert.Equal((300, 200), (item.Width!.Value, item.Height!.Value));
        Assert.Matches("^[0-9a-f]{2}/[0-9a-f]{32}\\.png$", item.StoredName);

        var path = Storage.OriginalPath(item.StoredName);
        Assert.True(File.Exists(path));
        Assert.StartsWith(fixture.Database.MediaRoot, path);
        Assert.DoesNotContain("wwwroot", path);
        Assert.Empty(Directory.EnumerateFiles(Storage.Temp));

        var entry = (await fixture.Services.GetRequiredService<IMediaCatalog>().GetAsync()).ByKey(item.Key);
        Assert.Equal("The team on stage", entry!.AltText);
    }

    [Fact]
    public async Task The_format_comes_from_the_content_not_the_name()
    {
        var result = await UploadAsync(TestImages.Png(), "report.pdf");
        Assert.True(result.Succeeded, result.Message);
        Assert.Equal(MediaFormat.Png, result.Value!.Format);
        Assert.EndsWith(".png", result.Value.StoredName);
    }

    [Fact]
    public async Task An_image_without_alt_text_is_refused_and_nothing_is_kept()
    {
        var before = await CountAsync();
        var missing = await UploadAsync(TestImages.Jpeg(), "stage.jpg", alt: "   ");
        Assert.Equal(MediaOperationStatus.ValidationFailed, missing.Status);
        Assert.StartsWith("Alt text is required for images", missing.Errors["AltText"]);

        var fileName = await UploadAsync(TestImages.Jpeg(), "stage.jpg", alt: "IMG_2041.jpg");
        Assert.Equal("Alt text should describe what the picture shows, not name its file.", fileName.Errors["AltText"]);

        Assert.Equal(before, await CountAsync());
        Assert.Empty(Directory.EnumerateFiles(Storage.Temp));
    }

    [Fact]
    public async Task Hostile_files_are_refused_with_their_reason_and_leave_nothing_behind()
    {
        var before = await CountAsync();
        var originals = Directory.EnumerateFiles(Storage.Originals, "*", SearchOption.AllDirectories).Count();

        Assert.Equal(MediaOperationStatus.Unsafe, (await UploadAsync(TestImages.Elf(), "holiday.png")).Status);
        Assert.Equal(MediaOperationStatus.Unsafe, (await UploadAsync(TestImages.PngWithHtmlAppended(), "logo.png")).Status);
        Assert.Equal(MediaOperationStatus.Corrupt, (await UploadAsync(TestImages.Truncated(TestImages.Png()), "logo.png")).Status);
        Assert.Equal(MediaOperationStatus.TooManyPixels, (await UploadAsync(TestImages.PixelFloodPng(), "flood.png")).Status);
        var svg = await UploadAsync(TestImages.SvgWithScript(), "logo.svg");
        Assert.Equal(MediaOperationStatus.UnsupportedFormat, svg.Status);
        Assert.Equal(svg.Message, svg.Errors["File"]);

        Assert.Equal(before, await CountAsync());
        Assert.Equal(originals, Directory.EnumerateFiles(Storage.Originals, "*", SearchOption.AllDirectories).Count());
        Assert.Empty(Directory.EnumerateFiles(Storage.Temp));
    }

    [Fact]
    public async Task A_file_over_the_upload_limit_is_refused_as_too_large()
    {
        await using var small = CmsFixture.BuildServices(fixture.Database, fixture.Clock,
            s => s.Configure<MediaOptions>(o => o.MaxUploadBytes = 10_000));
        await using var scope = small.CreateAsyncScope();
        var media = scope.ServiceProvider.GetRequiredService<MediaService>();
        var result = await media.UploadAsync(new MemoryStream(TestImages.NoisyPng(100, 100)), "big.png", "Noise", null, "test");
        Assert.Equal(MediaOperationStatus.TooLarge, result.Status);
        Assert.Contains("larger than the upload limit of 10 KB", result.Message);
    }

    [Fact]
    public async Task A_pdf_is_a_document_without_alt_text()
    {
        var result = await UploadAsync(TestImages.Pdf(), "Rules 2027.pdf", alt: null);
        Assert.True(result.Succeeded, result.Message);
        Assert.Equal(MediaKind.Document, result.Value!.Kind);
        Assert.Null(result.Value.AltText);
        Assert.Null(result.Value.Width);
    }

    [Fact]
    public async Task Replacing_the_file_keeps_the_key_changes_the_version_and_removes_the_old_file()
    {
        var item = (await UploadAsync(TestImages.Png(400, 300), "logo.png")).Value!;
        await MediaAsync(m => m.SetCropsAsync(item.Id, 0.2, 0.3, new Dictionary<string, CropRect?> { ["logo"] = new(0.1, 0.1, 0.5, 0.5) }, "test"));
        var before = (await MediaAsync(m => m.GetAsync(item.Id)))!;
        var oldPath = Storage.OriginalPath(before.StoredName);

        var replaced = await MediaAsync(m => m.ReplaceAsync(item.Id, new MemoryStream(TestImages.Jpeg(800, 600)), "logo-2027.jpg", "test"));
        Assert.True(replaced.Succeeded, replaced.Message);
        var after = replaced.Value!;
        Assert.Equal(item.Key, after.Key);
        Assert.Equal(before.Version + 1, after.Version);
        Assert.Equal(MediaFormat.Jpeg, after.Format);
        Assert.Equal((800, 600), (after.Width!.Value, after.Height!.Value));
        Assert.Equal(0.2, after.FocalX);
        Assert.Empty(after.Crops);
        Assert.False(File.Exists(oldPath));
        Assert.True(File.Exists(Storage.OriginalPath(after.StoredName)));

        var toPdf = await MediaAsync(m => m.ReplaceAsync(item.Id, new MemoryStream(TestImages.Pdf()), "x.pdf", "test"));
        Assert.Equal(MediaOperationStatus.ValidationFailed, toPdf.Status);
        Assert.Contains("only be replaced by another image", toPdf.Message);
    }

    [Fact]
    public async Task Crops_are_checked_and_each_change_makes_a_new_version()
    {
        var item = (await UploadAsync(TestImages.Png(), "crop.png")).Value!;
        var bad = await MediaAsync(m => m.SetCropsAsync(item.Id, 1.5, 0.5, new Dictionary<string, CropRect?>
        {
            ["hero"] = new(0.8, 0.1, 0.5, 0.2),
            ["banner"] = null,
        }, "test"));
        Assert.Equal(MediaOperationStatus.ValidationFailed, bad.Status);
        Assert.Contains("Focal", bad.Errors.Keys);
        Assert.Contains("Crops.hero", bad.Errors.Keys);
        Assert.Contains("Crops.banner", bad.Errors.Keys);

        var good = await MediaAsync(m => m.SetCropsAsync(item.Id, 0.25, 0.75, new Dictionary<string, CropRect?> { ["hero"] = new(0, 0.2, 1, 0.43) }, "test"));
        Assert.True(good.Succeeded, good.Message);
        Assert.Equal(item.Version + 1, good.Value!.Version);
        Assert.Equal(new CropRect(0, 0.2, 1, 0.43), good.Value.Crops["hero"]);

        // Stored and read back from the database as it was written.
        var reloaded = await MediaAsync(m => m.GetAsync(item.Key));
        Assert.Equal(new CropRect(0, 0.2, 1, 0.43), reloaded!.Crops["hero"]);
        Assert.Equal(0.25, reloaded.FocalX);
    }

    [Fact]
    public async Task An_item_in_use_cannot_be_deleted_and_the_refusal_lists_where_it_is_used()
    {
        var item = (await UploadAsync(TestImages.Jpeg(), "hero.jpg", "Gala stage")).Value!;
        var page = await fixture.InScopeAsync(c => c.CreatePageAsync(fixture.Cache, "Uses media " + Guid.NewGuid().ToString("N")[..6], publish: false));
        var edit = new ContentEdit("Media page", null, new Dictionary<string, string?>
        {
            ["summary"] = "s",
            ["body"] = $"<p>See <a href=\"/media/{item.Key}/hero.jpg\">the picture</a></p>",
        });
        Assert.True((await fixture.InScopeAsync(c => c.SaveAsync(page.Id, edit, "test"))).Succeeded);

        var usages = await MediaAsync(m => m.GetUsagesAsync(item.Key));
        var usage = Assert.Single(usages);
        Assert.Equal("Media page › Body", usage.Where);
        Assert.Equal("draft", usage.State);
        Assert.Equal($"/backoffice/content/edit/{page.Id}", usage.EditUrl);

        var refused = await MediaAsync(m => m.DeleteAsync(item.Id, "test"));
        Assert.Equal(MediaOperationStatus.InUse, refused.Status);
        Assert.Contains("Media page › Body (draft)", refused.Message);
        Assert.NotNull(await MediaAsync(m => m.GetAsync(item.Id)));
    }

    [Fact]
    public async Task A_media_picker_takes_only_existing_items_and_the_live_version_counts_as_a_use()
    {
        var item = (await UploadAsync(TestImages.Jpeg(), "hero.jpg", "A lit stage")).Value!;
        var home = fixture.Cache.Snapshot.Home!;
        var values = home.ContentType.Properties.ToDictionary(p => p.Alias, p => (string?)home.Value(p.Alias));

        values["heroImage"] = Guid.NewGuid().ToString();
        var missing = await fixture.InScopeAsync(c => c.SaveAsync(home.Id, new ContentEdit(home.Name, home.UrlSegment, values), "test"));
        Assert.Equal(ContentOperationStatus.ValidationFailed, missing.Status);
        Assert.Contains("points at a media item that does not exist", missing.Errors["heroImage"]);

        values["heroImage"] = item.Key.ToString();
        var published = await fixture.InScopeAsync(c => c.SaveAndPublishAsync(home.Id, new ContentEdit(home.Name, home.UrlSegment, values), "test"));
        Assert.True(published.Succeeded, published.Message + string.Join(" ", published.Errors.Values));
        Assert.Equal("published and draft", Assert.Single(await MediaAsync(m => m.GetUsagesAsync(item.Key))).State);

        // Taken out of the draft, the live page still shows it: still in use.
        values["heroImage"] = null;
        await fixture.InScopeAsync(c => c.SaveAsync(home.Id, new ContentEdit(home.Name, home.UrlSegment, values), "test"));
        Assert.Equal("published", Assert.Single(await MediaAsync(m => m.GetUsagesAsync(item.Key))).State);
        Assert.Equal(MediaOperationStatus.InUse, (await MediaAsync(m => m.DeleteAsync(item.Id, "test"))).Status);

        // Published without it: nothing uses it, and it goes with its files.
        await fixture.InScopeAsync(c => c.PublishAsync(home.Id, "test"));
        var stored = Storage.OriginalPath(item.StoredName);
        var deleted = await MediaAsync(m => m.DeleteAsync(item.Id, "test"));
        Assert.True(deleted.Succeeded, deleted.Message);
        Assert.False(File.Exists(stored));
        Assert.False(Directory.Exists(Storage.RenditionFolder(item.Key)));
        Assert.Null((await fixture.Services.GetRequiredService<IMediaCatalog>().GetAsync()).ByKey(item.Key));
    }

    [Fact]
    public async Task Folders_nest_keep_sibling_names_unique_and_are_deleted_only_when_empty()
    {
        var name = "Logos " + Guid.NewGuid().ToString("N")[..6];
        var logos = (await MediaAsync(m => m.CreateFolderAsync(null, name))).Value!;
        var duplicate = await MediaAsync(m => m.CreateFolderAsync(null, name.ToUpperInvariant()));
        Assert.Equal(MediaOperationStatus.DuplicateName, duplicate.Status);
        Assert.Equal(MediaOperationStatus.ValidationFailed, (await MediaAsync(m => m.CreateFolderAsync(null, "  "))).Status);
        Assert.Equal(MediaOperationStatus.ValidationFailed, (await MediaAsync(m => m.CreateFolderAsync(null, "a/b"))).Status);
        Assert.Equal(MediaOperationStatus.NotFound, (await MediaAsync(m => m.CreateFolderAsync(999_999, "x"))).Status);

        var child = (await MediaAsync(m => m.CreateFolderAsync(logos.Id, "2027"))).Value!;
        var inChild = (await UploadAsync(TestImages.Png(), "acme.png", "Acme logo", child.Id)).Value!;
        Assert.Equal(MediaOperationStatus.NotEmpty, (await MediaAsync(m => m.DeleteFolderAsync(logos.Id))).Status);
        Assert.Equal(MediaOperationStatus.NotEmpty, (await MediaAsync(m => m.DeleteFolderAsync(child.Id))).Status);
        Assert.Equal([logos.Id, child.Id], (await MediaAsync(m => m.GetFolderPathAsync(child.Id))).Select(f => f.Id));

        Assert.True((await MediaAsync(m => m.DeleteAsync(inChild.Id, "test"))).Succeeded);
        Assert.True((await MediaAsync(m => m.DeleteFolderAsync(child.Id))).Succeeded);
        Assert.True((await MediaAsync(m => m.DeleteFolderAsync(logos.Id))).Succeeded);
    }

    [Fact]
    public async Task A_package_uploads_through_the_service_interface_into_a_folder_it_ensures()
    {
        await using var scope = fixture.Services.CreateAsyncScope();
        var media = scope.ServiceProvider.GetRequiredService<IMediaService>();
        var folder = await media.EnsureFolderAsync("Organizations/Logos");
        var again = await media.EnsureFolderAsync("organizations/logos");
        Assert.Equal(folder.Value!.Id, again.Value!.Id);

        var logo = await media.UploadAsync(new MemoryStream(TestImages.WebP(256, 256)), "acme.webp", "Acme Corp logo", folder.Value.Id, "awards");
        Assert.True(logo.Succeeded, logo.Message);
        Assert.Equal(folder.Value.Id, logo.Value!.FolderId);
        Assert.Equal(logo.Value.Key, (await media.GetAsync(logo.Value.Key))!.Key);
    }

    private async Task<int> CountAsync()
    {
        await using var scope = fixture.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<CmsDbContext>().Set<MediaItem>().CountAsync();
    }
}
