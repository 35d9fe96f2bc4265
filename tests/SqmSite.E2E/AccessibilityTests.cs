using System.Text.Json;
using Microsoft.Playwright;

namespace SqmSite.E2E;

/// <summary>axe-core (WCAG 2.1 A and AA rules) on the public pages and the backoffice login, in Chromium.</summary>
public sealed class AccessibilityTests(BrowserFixture fixture) : IClassFixture<BrowserFixture>
{
    private static readonly string Axe = Path.Combine(AppContext.BaseDirectory, "axe", "axe.min.js");

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
        await page.AddScriptTagAsync(new PageAddScriptTagOptions { Path = Axe });
        var json = await page.EvaluateAsync<JsonElement>("""
            async () => {
              const r = await axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } });
              return r.violations.map(v => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.slice(0, 3).map(n => n.target.join(' ')) }));
            }
            """);
        var violations = json.EnumerateArray().Select(v => v.ToString()).ToList();
        Assert.True(violations.Count == 0, $"{url} at {width}px:\n" + string.Join("\n", violations));
    }
}
