using System.Net.Sockets;
using System.Text;
using Microsoft.Playwright;
using SqmSite.Testing;

namespace SqmSite.E2E;

/// <summary>
/// The portal's logo upload takes files up to the media limit (20 MB), not the 2 MB of ordinary forms, and a file over
/// the limit gets a page that says so, with the limit and a way back to the form, instead of an empty 413.
/// </summary>
public sealed class UploadLimitTests(BrowserFixture fixture) : IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task A_3_mb_logo_is_saved_and_a_file_over_the_limit_gets_a_clear_message()
    {
        var page = await fixture.NomineePageAsync("uma@example.org", "Uma's Upload Center");
        await page.GotoAsync("/portal/organization");

        // A PNG of noise does not compress: about 3 MB, over the 2 MB that broke it before.
        var logo = TestImages.NoisyPng(1000, 1000);
        Assert.True(logo.Length > 2_900_000, $"{logo.Length:N0} bytes");
        await page.GetByLabel("Upload a logo").SetInputFilesAsync(new FilePayload { Name = "logo.png", MimeType = "image/png", Buffer = logo });
        await page.GetByRole(AriaRole.Button, new() { Name = "Upload", Exact = true }).ClickAsync();
        // The picture is checked and processed: slow on a busy machine. Either the form's message or an error page.
        await page.WaitForFunctionAsync("() => document.querySelector('.portal-alert, .eyebrow')", null, new() { Timeout = 120_000 });
        var shown = await page.Locator("main").InnerTextAsync();
        Assert.True(shown.Contains("The logo was saved.", StringComparison.Ordinal), shown);
        await page.GetByRole(AriaRole.Img, new() { Name = "Uma's Upload Center logo" }).WaitForAsync();

        var tooBig = new byte[21 * 1024 * 1024];
        await page.GetByLabel("Replace the logo").SetInputFilesAsync(new FilePayload { Name = "huge.png", MimeType = "image/png", Buffer = tooBig });
        await page.GetByRole(AriaRole.Button, new() { Name = "Upload", Exact = true }).ClickAsync();
        await page.GetByRole(AriaRole.Heading, new() { Name = "That was more than the site accepts in one go" }).WaitForAsync();
        Assert.Contains("larger than the 20 MB this page accepts", await page.Locator("main").InnerTextAsync());
        await BrowserFixture.ScreenshotAsync(page, "upload-too-large-1366");
        await BrowserFixture.AssertAccessibleAsync(page, "the too-large upload page at 1366 px");

        await page.GetByRole(AriaRole.Link, new() { Name = "Go back to the form" }).ClickAsync();
        await page.GetByRole(AriaRole.Heading, new() { Name = "Your organization", Level = 1 }).WaitForAsync();
        await page.GetByRole(AriaRole.Img, new() { Name = "Uma's Upload Center logo" }).WaitForAsync(); // the saved logo is still there

        await page.SetViewportSizeAsync(390, 844);
        await BrowserFixture.AssertAccessibleAsync(page, "the organization page at 390 px");
        await BrowserFixture.AssertNoSidewaysScrollAsync(page, "the organization page at 390 px");
        await page.GetByLabel("Replace the logo").SetInputFilesAsync(new FilePayload { Name = "huge.png", MimeType = "image/png", Buffer = tooBig });
        await page.GetByRole(AriaRole.Button, new() { Name = "Upload", Exact = true }).ClickAsync();
        await page.GetByRole(AriaRole.Heading, new() { Name = "That was more than the site accepts in one go" }).WaitForAsync();
        await BrowserFixture.ScreenshotAsync(page, "upload-too-large-390");
        await BrowserFixture.AssertAccessibleAsync(page, "the too-large upload page at 390 px");
        await BrowserFixture.AssertNoSidewaysScrollAsync(page, "the too-large upload page at 390 px");
    }

    /// <summary>A chunked body with a broken chunk size, sent to the real server (only Kestrel parses chunking).</summary>
    [Fact]
    public async Task A_broken_chunked_body_answers_400_with_the_error_page()
    {
        var address = new Uri(fixture.BaseUrl);
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(address.Host, address.Port);
        await using var stream = tcp.GetStream();
        var request = $"POST /backoffice/login HTTP/1.1\r\nHost: {address.Authority}\r\nContent-Type: application/x-www-form-urlencoded\r\n" +
            "Transfer-Encoding: chunked\r\nConnection: close\r\n\r\n5\r\nEmail\r\nZZ-not-a-size\r\n=x\r\n0\r\n\r\n";
        await stream.WriteAsync(Encoding.ASCII.GetBytes(request));
        using var reader = new StreamReader(stream, Encoding.UTF8);
        var response = await reader.ReadToEndAsync();
        Assert.StartsWith("HTTP/1.1 400", response);
        Assert.Contains("could not be read", response);
        Assert.DoesNotContain("couldn&#x27;t find", response);
    }
}
