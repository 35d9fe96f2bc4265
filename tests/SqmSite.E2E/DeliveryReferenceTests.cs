using Microsoft.Playwright;

namespace SqmSite.E2E;

/// <summary>
/// The delivery API's reference page (<c>/scalar</c>) as a client developer opens it: the endpoints, none of Scalar's hosted
/// services (AI chat, MCP, SDK generation, deploy), and "Test Request" answered by this site under the page's policy.
/// </summary>
public sealed class DeliveryReferenceTests(BrowserFixture fixture) : IClassFixture<BrowserFixture>
{
    [Theory]
    [InlineData(1366, 900)]
    [InlineData(390, 844)]
    public async Task The_reference_lists_the_endpoints_without_scalars_services_and_tries_a_call_on_this_site(int width, int height)
    {
        // "Test Request" is tried on the search endpoint, which answers once the index is built.
        await SearchTests.IndexReadyAsync(fixture);
        var page = await PortalTestSteps.PatientAsync(fixture.NewPageAsync(width, height));
        // Nothing leaves the site (fonts, telemetry, a proxy) and nothing is refused by the page's policy.
        var elsewhere = new List<string>();
        var refused = new List<string>();
        page.Request += (_, request) =>
        {
            if (!request.Url.StartsWith(fixture.BaseUrl, StringComparison.Ordinal) && !request.Url.StartsWith("data:", StringComparison.Ordinal)
                && !request.Url.StartsWith("blob:", StringComparison.Ordinal))
            {
                elsewhere.Add(request.Url);
            }
        };
        page.Console += (_, message) =>
        {
            if (message.Text.Contains("Content Security Policy", StringComparison.Ordinal))
            {
                refused.Add(message.Text);
            }
        };

        await page.GotoAsync("/scalar");
        await page.GetByRole(AriaRole.Heading, new() { Name = "SqmSite delivery API" }).WaitForAsync();
        await BrowserFixture.ScreenshotAsync(page, "delivery-reference");
        foreach (var service in new[] { "Ask AI", "Generate SDK", "Deploy", "Developer Tools", "Generate MCP", "Connect MCP" })
        {
            Assert.Equal(0, await page.GetByText(service).CountAsync());
        }

        if (width < 800)
        {
            // On a phone the endpoints are behind the menu.
            await page.GetByRole(AriaRole.Button, new() { Name = "Open Menu" }).ClickAsync();
        }

        await page.GetByRole(AriaRole.Button, new() { Name = "Open Group - Search" }).Filter(new() { Visible = true }).First.ClickAsync();
        await page.GetByText("Search published pages, with highlighted snippets and facets").Filter(new() { Visible = true }).First.ClickAsync();
        await page.GetByRole(AriaRole.Heading, new() { Name = "Search published pages, with highlighted snippets and facets" }).WaitForAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Test Request (get /api/delivery/v1/search)" }).ClickAsync();
        var call = await page.RunAndWaitForResponseAsync(
            () => page.GetByRole(AriaRole.Button, new() { NameRegex = new("^Send") }).First.ClickAsync(),
            r => r.Url.Contains("/api/delivery/v1/search?", StringComparison.Ordinal));
        // Straight to this site (no proxy), answered by the search API with its example query.
        Assert.StartsWith(fixture.BaseUrl + "/api/delivery/v1/search?q=IVR", call.Url, StringComparison.Ordinal);
        Assert.Equal(200, call.Status);
        Assert.Contains("\"facets\"", await call.TextAsync(), StringComparison.Ordinal);
        await Assertions.Expect(page.GetByText("200 OK").Filter(new() { Visible = true }).First).ToBeVisibleAsync();
        await BrowserFixture.ScreenshotAsync(page, "delivery-reference-try");

        Assert.True(elsewhere.Count == 0, "Requests left the site: " + string.Join(", ", elsewhere));
        Assert.True(refused.Count == 0, "Refused by the policy: " + string.Join(" | ", refused));
    }
}
