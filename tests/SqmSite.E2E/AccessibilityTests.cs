using Microsoft.Playwright;

namespace SqmSite.E2E;

/// <summary>axe-core (WCAG 2.1 A and AA rules) on the public pages and the backoffice login, in Chromium.</summary>
public sealed class AccessibilityTests(BrowserFixture fixture) : IClassFixture<BrowserFixture>
{

    [Theory]
    [InlineData("/", 1280)]
    [InlineData("/the-process/", 1280)]
    [InlineData("/categories/", 1280)]
    [InlineData("/categories/csr-coaching-program/", 1280)]
    [InlineData("/faq/", 1280)]
    [InlineData("/certification/", 390)]
    [InlineData("/no-such-page/", 1280)]
    [InlineData("/backoffice/login", 1280)]
    public async Task Pages_have_no_wcag_2_1_aa_violations(string url, int width)
    {
        var page = await fixture.NewPageAsync(width);
        await page.GotoAsync(url);
        await BrowserFixture.AssertAccessibleAsync(page, $"{url} at {width}px");
    }
}
