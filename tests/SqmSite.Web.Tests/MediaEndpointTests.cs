using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using ImageMagick;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using SqmSite.Cms.Content;
using SqmSite.Cms.Media;
using SqmSite.Cms.Security;
using SqmSite.Testing;

namespace SqmSite.Web.Tests;

/// <summary>The site with an upload limit of 3 MB: above the 2 MB form limit, so the upload endpoint's own limit shows.</summary>
public sealed class MediaSiteFactory : SiteFactory
{
    public const long UploadLimit = 3 * 1024 * 1024;

    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, Task<HttpClient>> _clients = new();

    /// <summary>One signed-in client per role for the whole class: the login's rate limit counts every sign-in.</summary>
    public Task<HttpClient> ClientAsync(string role) => _clients.GetOrAdd(role, SignedInAsync);

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("SqmSite:Media:MaxUploadBytes", UploadLimit.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }
}

/// <summary>The upload API (authorization, antiforgery, limits) and the rendition endpoint (sizes, signatures, caching).</summary>
public sealed partial class MediaEndpointTests(MediaSiteFactory site) : IClassFixture<MediaSiteFactory>
{
    private const string Api = "/api/backoffice/media";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private static async Task<string> TokenAsync(HttpClient client)
    {
        var page = await client.GetStringAsync("/backoffice/media");
        return WebUtility.HtmlDecode(AntiforgeryToken().Match(page).Groups[1].Value);
    }

    private static MultipartFormDataContent Form(byte[] file, string fileName, string? alt = null, int? folderId = null)
    {
        var form = new MultipartFormDataContent();
        var content = new ByteArrayContent(file);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        form.Add(content, "file", fileName);
        if (alt is not null)
        {
            form.Add(new StringContent(alt), "altText");
        }

        if (folderId is not null)
        {
            form.Add(new StringContent(folderId.Value.ToString(System.Globalization.CultureInfo.InvariantCulture)), "folderId");
        }

        return form;
    }

    private static async Task<HttpResponseMessage> PostAsync(HttpClient client, string url, HttpContent content, string? token)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = content };
        request.Headers.Accept.ParseAdd("application/json");
        if (token is not null)
        {
            request.Headers.Add("RequestVerificationToken", token);
        }

        return await client.SendAsync(request);
    }

    private async Task<MediaItemDto> UploadAsync(byte[] file, string fileName, string? alt = "A picture for the tests")
    {
        var client = await site.ClientAsync(BackofficeRoles.Editor);
        var response = await PostAsync(client, Api, Form(file, fileName, alt), await TokenAsync(client));
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<MediaItemDto>(Json))!;
    }

    private static async Task<JsonElement> ProblemAsync(HttpResponseMessage response)
    {
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
    }

    private MediaEntry Entry(Guid key) =>
        site.Services.GetRequiredService<IMediaCatalog>().GetAsync().AsTask().GetAwaiter().GetResult().ByKey(key)!;

    private MediaUrls Urls => site.Services.GetRequiredService<MediaUrls>();

    // ---------------------------------------------------------------------------------------- uploads

    [Fact]
    public async Task Uploads_need_a_signed_in_content_role_and_the_antiforgery_token()
    {
        var anonymous = await PostAsync(site.Browser(), Api, Form(TestImages.Png(), "a.png", "alt"), null);
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);

        var judge = await site.ClientAsync(BackofficeRoles.Judge);
        Assert.Equal(HttpStatusCode.Forbidden, (await PostAsync(judge, Api, Form(TestImages.Png(), "a.png", "alt"), null)).StatusCode);

        var editor = await site.ClientAsync(BackofficeRoles.Editor);
        Assert.Equal(HttpStatusCode.BadRequest, (await PostAsync(editor, Api, Form(TestImages.Png(), "a.png", "alt"), null)).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await PostAsync(editor, Api, Form(TestImages.Png(), "a.png", "alt"), "forged-token")).StatusCode);

        var marketing = await site.ClientAsync(BackofficeRoles.Marketing);
        var created = await PostAsync(marketing, Api, Form(TestImages.Png(), "a.png", "A small test picture"), await TokenAsync(marketing));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var dto = (await created.Content.ReadFromJsonAsync<MediaItemDto>(Json))!;
        Assert.Equal("Image", dto.Kind);
        Assert.StartsWith($"/media/{dto.Key}/a.png?v=1", dto.Url);
        Assert.Equal($"/backoffice/media/edit/{dto.Id}", created.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task Refused_uploads_answer_with_a_problem_that_says_why()
    {
        var client = await site.ClientAsync(BackofficeRoles.Editor);
        var token = await TokenAsync(client);

        var noAlt = await PostAsync(client, Api, Form(TestImages.Jpeg(), "stage.jpg"), token);
        Assert.Equal(HttpStatusCode.BadRequest, noAlt.StatusCode);
        Assert.StartsWith("Alt text is required", (await ProblemAsync(noAlt)).GetProperty("errors").GetProperty("AltText")[0].GetString());

        var program = await PostAsync(client, Api, Form(TestImages.Elf(), "holiday.png", "alt"), token);
        Assert.Equal(HttpStatusCode.BadRequest, program.StatusCode);
        var problem = await ProblemAsync(program);
        Assert.Equal("The file was refused for safety", problem.GetProperty("title").GetString());
        Assert.Contains("ELF executable", problem.GetProperty("detail").GetString());

        var svg = await PostAsync(client, Api, Form(TestImages.SvgWithScript(), "logo.svg", "alt"), token);
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, svg.StatusCode);

        var flood = await PostAsync(client, Api, Form(TestImages.PixelFloodPng(), "flood.png", "alt"), token);
        Assert.Equal(HttpStatusCode.BadRequest, flood.StatusCode);
        Assert.Equal("The image is too large to process", (await ProblemAsync(flood)).GetProperty("title").GetString());

        var noFile = await PostAsync(client, Api, new MultipartFormDataContent { { new StringContent("alt"), "altText" } }, token);
        Assert.Equal(HttpStatusCode.BadRequest, noFile.StatusCode);

        var badFolder = await PostAsync(client, Api, Form(TestImages.Png(), "a.png", "alt", folderId: 987_654), token);
        Assert.Equal("That folder no longer exists.", (await ProblemAsync(badFolder)).GetProperty("errors").GetProperty("FolderId")[0].GetString());
    }

    [Fact]
    public async Task The_upload_endpoint_has_its_own_size_limit_above_the_sites_form_limit_and_answers_413_above_it()
    {
        var client = await site.ClientAsync(BackofficeRoles.Editor);
        var token = await TokenAsync(client);

        // 2.5 MB: more than any other form may post, within the upload limit.
        var large = TestImages.NoisyPng(960, 900);
        Assert.InRange(large.Length, 2_200_000, MediaSiteFactory.UploadLimit);
        Assert.Equal(HttpStatusCode.Created, (await PostAsync(client, Api, Form(large, "noise.png", "Random coloured noise"), token)).StatusCode);

        // A body declared larger than the endpoint's limit is stopped before it is read.
        var tooLarge = await PostAsync(client, Api, Form(new byte[MediaSiteFactory.UploadLimit + 200_000], "huge.png", "alt"), token);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, tooLarge.StatusCode);

        // A file just over the limit inside a request that fits is refused by the service, with a message.
        var justOver = await PostAsync(client, Api, Form(new byte[MediaSiteFactory.UploadLimit + 10], "over.png", "alt"), token);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, justOver.StatusCode);
        Assert.Contains("larger than the upload limit of 3 MB", (await ProblemAsync(justOver)).GetProperty("detail").GetString());
    }

    [Fact]
    public async Task A_plain_form_post_without_script_is_answered_with_a_redirect_to_the_library()
    {
        var client = await site.ClientAsync(BackofficeRoles.Editor);
        var form = Form(TestImages.Png(), "plain.png", "Uploaded without script");
        form.Add(new StringContent(await TokenAsync(client)), "__RequestVerificationToken");
        var response = await client.PostAsync(Api, form);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/backoffice/media", response.Headers.Location!.OriginalString);
        var library = await client.GetStringAsync("/backoffice/media");
        Assert.Contains("&quot;plain&quot; was uploaded.", library);
        Assert.Contains(">plain</span>", library);
    }

    [Fact]
    public async Task Replacing_a_file_keeps_its_key_and_changes_its_urls()
    {
        var dto = await UploadAsync(TestImages.Png(400, 300), "replace-me.png");
        var client = await site.ClientAsync(BackofficeRoles.Editor);
        var response = await PostAsync(client, $"{Api}/{dto.Id}/file", Form(TestImages.Jpeg(500, 500), "new.jpg"), await TokenAsync(client));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var replaced = (await response.Content.ReadFromJsonAsync<MediaItemDto>(Json))!;
        Assert.Equal(dto.Key, replaced.Key);
        Assert.Equal(500, replaced.Width);
        Assert.Contains("v=2", replaced.Url);

        // The old URL now points at the new version.
        var old = await site.Browser().GetAsync(dto.ThumbnailUrl);
        Assert.Equal(HttpStatusCode.Redirect, old.StatusCode);
        Assert.Contains("v=2", old.Headers.Location!.OriginalString);

        var missing = await PostAsync(client, $"{Api}/999999/file", Form(TestImages.Png(), "x.png"), await TokenAsync(client));
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
    }

    [Fact]
    public async Task The_picker_lists_items_and_rejects_an_unknown_kind()
    {
        var dto = await UploadAsync(TestImages.WebP(), "pick-me.webp", "Something to pick");
        var client = await site.ClientAsync(BackofficeRoles.Editor);
        var items = (await client.GetFromJsonAsync<List<MediaItemDto>>($"{Api}?kind=image&q=pick-me", Json))!;
        Assert.Contains(items, i => i.Key == dto.Key && i.ThumbnailUrl!.Contains("width=320"));
        Assert.Equal(HttpStatusCode.BadRequest, (await client.GetAsync($"{Api}?kind=video")).StatusCode);
    }

    // ---------------------------------------------------------------------------------------- renditions

    [Fact]
    public async Task An_allowed_width_is_rendered_cached_on_disk_and_served_with_a_strong_etag_and_long_cache()
    {
        var dto = await UploadAsync(TestImages.CameraJpeg(1200, 900), "camera.jpg");
        var entry = Entry(dto.Key);
        var url = Urls.Url(entry, 480, "card", RenditionFormat.WebP);
        var client = site.Browser();

        var first = await client.GetAsync(url);
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal("image/webp", first.Content.Headers.ContentType!.MediaType);
        Assert.Equal("public, max-age=31536000, immutable", first.Headers.CacheControl!.ToString());
        var etag = first.Headers.ETag!;
        Assert.False(etag.IsWeak);
        Assert.Equal("nosniff", first.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Contains("sandbox", first.Headers.GetValues("Content-Security-Policy").Single());

        var bytes = await first.Content.ReadAsByteArrayAsync();
        using (var image = new MagickImage(bytes))
        {
            Assert.Equal((480u, 270u), (image.Width, image.Height));
            Assert.Null(image.GetExifProfile());
        }

        var cached = Directory.GetFiles(Path.Combine(site.Database.MediaRoot, "cache", dto.Key.ToString("N")), "*", SearchOption.AllDirectories);
        var file = Assert.Single(cached);
        var written = File.GetLastWriteTimeUtc(file);

        var again = new HttpRequestMessage(HttpMethod.Get, url);
        again.Headers.IfNoneMatch.Add(etag);
        var notModified = await client.SendAsync(again);
        Assert.Equal(HttpStatusCode.NotModified, notModified.StatusCode);
        Assert.Equal(etag, notModified.Headers.ETag);

        Assert.Equal(bytes, await client.GetByteArrayAsync(url));
        Assert.Equal(written, File.GetLastWriteTimeUtc(file));
        var head = await client.SendAsync(new HttpRequestMessage(HttpMethod.Head, url));
        Assert.Equal(HttpStatusCode.OK, head.StatusCode);
        Assert.Equal(bytes.Length, head.Content.Headers.ContentLength);
        Assert.Single(Directory.GetFiles(Path.Combine(site.Database.MediaRoot, "cache", dto.Key.ToString("N")), "*", SearchOption.AllDirectories));
    }

    [Theory]
    [InlineData("width=801", "Width not allowed")]
    [InlineData("width=abc", "Width is not a number")]
    [InlineData("width=0", "Width is not a number")]
    [InlineData("width=-800", "Width is not a number")]
    [InlineData("width=800&crop=banner", "Unknown crop")]
    [InlineData("width=800&format=svg", "Unknown format")]
    [InlineData("width=777&sig=AAAAAAAAAAAAAAAAAAAAAA", "Signature does not match")]
    public async Task Sizes_outside_the_list_and_unknown_options_are_refused(string query, string title)
    {
        var dto = await UploadAsync(TestImages.Png(), "refuse.png");
        var response = await site.Browser().GetAsync($"/media/{dto.Key}/refuse.png?v=1&{query}");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(title, (await ProblemAsync(response)).GetProperty("title").GetString());
        Assert.Equal("no-store", response.Headers.CacheControl!.ToString());
    }

    [Fact]
    public async Task A_url_signed_by_the_server_may_ask_for_any_width_and_a_tampered_one_may_not()
    {
        var dto = await UploadAsync(TestImages.Png(1000, 500), "signed.png");
        var entry = Entry(dto.Key);
        var signed = Urls.SignedUrl(entry, 777, "logo", RenditionFormat.Png);
        var response = await site.Browser().GetAsync(signed);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using (var image = new MagickImage(await response.Content.ReadAsByteArrayAsync()))
        {
            Assert.Equal((500u, 500u), (image.Width, image.Height)); // never enlarged beyond the crop's source pixels
        }

        Assert.Equal(HttpStatusCode.BadRequest, (await site.Browser().GetAsync(signed.Replace("width=777", "width=778"))).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await site.Browser().GetAsync(signed.Replace("crop=logo", "crop=card"))).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await site.Browser().GetAsync(Urls.SignedUrl(entry, 5000)))!.StatusCode);
    }

    [Fact]
    public async Task Unknown_items_are_404_and_old_or_missing_versions_redirect_to_the_current_url()
    {
        var client = site.Browser();
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/media/{Guid.NewGuid()}/x.png?v=1&width=800")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/media/not-a-key/x.png")).StatusCode);

        var dto = await UploadAsync(TestImages.Png(), "versions.png");
        var unversioned = await client.GetAsync($"/media/{dto.Key}/versions.png?width=320&crop=card");
        Assert.Equal(HttpStatusCode.Redirect, unversioned.StatusCode);
        Assert.Equal($"/media/{dto.Key}/versions.png?v=1&width=320&crop=card", unversioned.Headers.Location!.OriginalString);
        Assert.Equal("no-cache", unversioned.Headers.CacheControl!.ToString());
        Assert.Equal(HttpStatusCode.Redirect, (await client.GetAsync($"/media/{dto.Key}/versions.png?v=7&width=320")).StatusCode);
    }

    [Fact]
    public async Task Private_files_have_no_public_url_and_are_not_in_the_library_the_picker_or_a_page()
    {
        MediaItem item;
        await using (var scope = site.Services.CreateAsyncScope())
        {
            var result = await scope.ServiceProvider.GetRequiredService<IPrivateMediaService>()
                .UploadPrivateAsync(new MemoryStream(TestImages.Png()), "secret plan.png", null, "tests:owner-a", "test");
            Assert.True(result.Succeeded, result.Message);
            item = result.Value!;
        }

        var anonymous = site.Browser();
        Assert.Equal(HttpStatusCode.NotFound, (await anonymous.GetAsync($"/media/{item.Key}/secret-plan.png?v=1&width=320")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await anonymous.GetAsync($"/media/{item.Key}/secret-plan.png?v=1")).StatusCode);

        var editor = await site.ClientAsync(BackofficeRoles.Editor);
        Assert.DoesNotContain(item.Key.ToString(), await editor.GetStringAsync($"{Api}?all=true"));
        Assert.DoesNotContain(item.Key.ToString(), await editor.GetStringAsync("/backoffice/media"));
        Assert.Equal(HttpStatusCode.NotFound, (await editor.GetAsync($"/backoffice/media/edit/{item.Id}")).StatusCode);

        await using (var scope = site.Services.CreateAsyncScope())
        {
            var files = scope.ServiceProvider.GetRequiredService<PrivateMediaFiles>();
            var other = await files.ServeAsync(item.Key, "tests:owner-b", null, download: false);
            Assert.IsType<Microsoft.AspNetCore.Http.HttpResults.NotFound>(other);

            // A page cannot point at it: the picker's existence check does not see private files.
            var home = site.Snapshot.Home!;
            var values = home.ContentType.Properties.ToDictionary(p => p.Alias, p => (string?)home.Value(p.Alias));
            values["heroImage"] = item.Key.ToString();
            var saved = await scope.ServiceProvider.GetRequiredService<ContentService>().SaveAsync(home.Id, new ContentEdit(home.Name, home.UrlSegment, values), "test");
            Assert.False(saved.Succeeded);
        }
    }

    [Fact]
    public async Task Documents_are_always_downloads_never_shown_and_have_no_sizes()
    {
        var dto = await UploadAsync(TestImages.Pdf(), "Award rules 2027.pdf", alt: null);
        Assert.Equal("Document", dto.Kind);
        Assert.Null(dto.ThumbnailUrl);
        var response = await site.Browser().GetAsync(dto.Url);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/pdf", response.Content.Headers.ContentType!.MediaType);
        Assert.Equal("attachment", response.Content.Headers.ContentDisposition!.DispositionType);
        Assert.Equal("award-rules-2027.pdf", response.Content.Headers.ContentDisposition.FileName?.Trim('"'));
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal(TestImages.Pdf(), await response.Content.ReadAsByteArrayAsync());

        var sized = await site.Browser().GetAsync(dto.Url + "&width=800");
        Assert.Equal(HttpStatusCode.BadRequest, sized.StatusCode);
    }

    // ---------------------------------------------------------------------------------------- pages

    [Fact]
    public async Task The_home_page_shows_its_hero_image_in_the_hero_crop_and_a_new_file_changes_its_url()
    {
        var dto = await UploadAsync(TestImages.Jpeg(2000, 1200), "hero.jpg", "The gala stage before the show");
        var home = site.Snapshot.Home!;
        await site.WithServicesAsync(async s =>
        {
            var values = home.ContentType.Properties.ToDictionary(p => p.Alias, p => (string?)home.Value(p.Alias));
            values["heroImage"] = dto.Key.ToString();
            var result = await s.GetRequiredService<ContentService>().SaveAndPublishAsync(home.Id, new ContentEdit(home.Name, home.UrlSegment, values), "test");
            Assert.True(result.Succeeded, result.Message);
            return 0;
        });

        var html = await site.Browser().GetStringAsync("/");
        var img = HeroImage().Match(html);
        Assert.True(img.Success, "no hero image on the home page");
        Assert.Contains("crop=hero", img.Value);
        Assert.Contains("srcset=", img.Value);
        Assert.Contains("alt=\"The gala stage before the show\"", img.Value);
        Assert.Contains("width=\"2000\" height=\"857\"", img.Value);
        var src = WebUtility.HtmlDecode(Regex.Match(img.Value, "src=\"([^\"]+)\"").Groups[1].Value);
        Assert.Equal(HttpStatusCode.OK, (await site.Browser().GetAsync(src)).StatusCode);

        // Replacing the file drops the cached page, and the page's URLs change.
        var client = await site.ClientAsync(BackofficeRoles.Editor);
        var replaced = await PostAsync(client, $"{Api}/{dto.Id}/file", Form(TestImages.Jpeg(2100, 900), "hero-2.jpg"), await TokenAsync(client));
        Assert.Equal(HttpStatusCode.OK, replaced.StatusCode);
        var after = await site.Browser().GetStringAsync("/");
        Assert.Contains($"/media/{dto.Key}/hero.webp?v=2&amp;width=", after);
        Assert.DoesNotContain("v=1&amp;width=", HeroImage().Match(after).Value);

        // In use, it cannot be deleted; the page says where it is used.
        var edit = await client.GetStringAsync($"/backoffice/media/edit/{dto.Id}");
        Assert.Contains("Home", edit);
        Assert.Contains("Hero image", edit);
        var delete = await client.PostFormAsync($"/backoffice/media/edit/{dto.Id}?handler=Delete", new(), $"/backoffice/media/edit/{dto.Id}");
        Assert.Equal(HttpStatusCode.Redirect, delete.StatusCode);
        var refused = await client.GetStringAsync($"/backoffice/media/edit/{dto.Id}");
        Assert.Contains("was not deleted because it is used by", refused);
    }

    [Fact]
    public async Task The_editor_page_saves_a_focal_point_and_refuses_bad_numbers_with_messages()
    {
        var dto = await UploadAsync(TestImages.Png(800, 400), "focal.png");
        var client = await site.ClientAsync(BackofficeRoles.Editor);
        var page = $"/backoffice/media/edit/{dto.Id}";

        var bad = await client.PostFormAsync($"{page}?handler=Crops", new() { ["FocalX"] = "150", ["FocalY"] = "abc" }, page);
        Assert.Equal(HttpStatusCode.OK, bad.StatusCode);
        Assert.Contains("The focal point: enter percentages from 0 to 100", await bad.Content.ReadAsStringAsync());

        var good = await client.PostFormAsync($"{page}?handler=Crops", new()
        {
            ["FocalX"] = "80",
            ["FocalY"] = "35",
            ["Crops[card].Manual"] = "true",
            ["Crops[card].X"] = "10",
            ["Crops[card].Y"] = "10",
            ["Crops[card].Width"] = "50",
            ["Crops[card].Height"] = "56.25",
        }, page);
        Assert.Equal(HttpStatusCode.Redirect, good.StatusCode);
        var entry = Entry(dto.Key);
        Assert.Equal(0.8, entry.FocalX, 6);
        Assert.Equal(new CropRect(0.1, 0.1, 0.5, 0.5625), entry.Crops["card"]);
        Assert.Equal(2, entry.Version);

        var details = await client.PostFormAsync($"{page}?handler=Details", new() { ["Name"] = "", ["AltText"] = "" }, page);
        var detailsHtml = await details.Content.ReadAsStringAsync();
        Assert.Contains("Name is required.", detailsHtml);
        Assert.Contains("Alt text is required for images", detailsHtml);
    }

    [Fact]
    public async Task The_library_pages_make_and_remove_folders_with_clear_messages()
    {
        var client = await site.ClientAsync(BackofficeRoles.Editor);
        var name = "Gala " + Guid.NewGuid().ToString("N")[..6];
        var created = await client.PostFormAsync("/backoffice/media?handler=CreateFolder", new() { ["FolderName"] = name }, "/backoffice/media");
        Assert.Equal(HttpStatusCode.Redirect, created.StatusCode);
        var folderUrl = created.Headers.Location!.OriginalString;
        Assert.Contains(name, await client.GetStringAsync(folderUrl));

        var duplicate = await client.PostFormAsync("/backoffice/media?handler=CreateFolder", new() { ["FolderName"] = name }, "/backoffice/media");
        Assert.Equal(HttpStatusCode.OK, duplicate.StatusCode);
        Assert.Contains("There is already a folder named", await duplicate.Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/backoffice/media/987654")).StatusCode);
        var deleted = await client.PostFormAsync($"{folderUrl}?handler=DeleteFolder", new(), folderUrl);
        Assert.Equal("/backoffice/media", deleted.Headers.Location!.OriginalString);
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryToken();

    [GeneratedRegex("<figure class=\"hero-media\">\\s*<img[^>]+>")]
    private static partial Regex HeroImage();
}
