using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using SqmSite.Cms.ApiKeys;
using SqmSite.Cms.Security;

namespace SqmSite.E2E;

/// <summary>Delivery API keys through their page: create one (after a refused empty name), copy its token, revoke it.</summary>
public sealed class BackofficeApiKeysTests(BrowserFixture fixture) : IClassFixture<BrowserFixture>
{
    private Task<ApiKeySummary?> ValidateAsync(string token) =>
        fixture.WithServicesAsync(s => s.GetRequiredService<IApiKeyService>().ValidateAsync(token).AsTask());

    [Theory]
    [InlineData(1366, 900)]
    [InlineData(390, 844)]
    public async Task An_administrator_creates_a_key_sees_its_token_once_and_revokes_it(int width, int height)
    {
        var page = await fixture.BackofficePageAsync(BackofficeRoles.Administrator, width, height);
        await page.GotoAsync("/backoffice/api-keys");
        await page.GetByRole(AriaRole.Heading, new() { Name = "Delivery API keys", Level = 1 }).WaitForAsync();
        await page.GetByText("Authorization: Bearer").WaitForAsync();

        // An empty name is refused with the message beside the field, and linked from the summary.
        await page.GetByRole(AriaRole.Button, new() { Name = "Create key" }).ClickAsync();
        await page.Locator("#bo-errors").WaitForAsync();
        Assert.Contains("Give the key a name", await page.Locator("#error-Name").InnerTextAsync());
        Assert.Equal("true", await page.GetByLabel("Name", new() { Exact = true }).GetAttributeAsync("aria-invalid"));
        Assert.Equal("#field-Name", await page.Locator("#bo-errors a").First.GetAttributeAsync("href"));
        await BrowserFixture.AssertAccessibleAsync(page, "API keys with an error");

        var name = $"Main website {width}";
        await page.GetByLabel("Name", new() { Exact = true }).FillAsync(name);
        await page.GetByLabel("Preview", new() { Exact = true }).CheckAsync();
        var expires = await page.GetByLabel("Expires on").InputValueAsync();
        Assert.Matches(@"^\d{4}-\d{2}-\d{2}$", expires);
        await page.GetByRole(AriaRole.Button, new() { Name = "Create key" }).ClickAsync();

        await page.GetByText("It will not be shown again.").WaitForAsync();
        var token = await page.Locator("#issued-token").InputValueAsync();
        Assert.StartsWith("sqm_", token, StringComparison.Ordinal);
        Assert.True(await page.Locator("#issued-token").IsEditableAsync() == false, "the token field is read-only");
        await page.GetByRole(AriaRole.Button, new() { Name = "Copy" }).ClickAsync();
        await page.Locator("#issued-copied").Filter(new() { HasTextRegex = new System.Text.RegularExpressions.Regex("Cop") }).WaitForAsync();

        var valid = await ValidateAsync(token);
        Assert.NotNull(valid);
        Assert.Equal(ApiKeyScope.Preview, valid.Scope);

        var row = page.GetByRole(AriaRole.Row).Filter(new() { HasText = name });
        Assert.Contains("Active", await row.InnerTextAsync());
        Assert.Contains(token[..12], await row.InnerTextAsync());
        await BrowserFixture.AssertAccessibleAsync(page, "API keys with a new token");
        await BrowserFixture.AssertNoSidewaysScrollAsync(page, "API keys");
        await BrowserFixture.ScreenshotAsync(page, "backoffice-api-keys-created");

        // Shown once: the page read again has the key in its list but not its token.
        await page.GotoAsync("/backoffice/api-keys");
        Assert.DoesNotContain(token, await page.ContentAsync());

        using (var answers = new DialogAnswers(page, accept: true))
        {
            await row.GetByRole(AriaRole.Button, new() { Name = "Revoke" }).ClickAsync();
            await page.GetByText($"“{name}” is revoked").WaitForAsync();
            Assert.Contains(name, Assert.Single(answers));
        }

        Assert.Contains("Revoked", await page.GetByRole(AriaRole.Row).Filter(new() { HasText = name }).InnerTextAsync());
        Assert.Equal(0, await page.GetByRole(AriaRole.Row).Filter(new() { HasText = name }).GetByRole(AriaRole.Button, new() { Name = "Revoke" }).CountAsync());
        Assert.Null(await ValidateAsync(token));
        await BrowserFixture.AssertNoSidewaysScrollAsync(page, "API keys after a revocation");
        await BrowserFixture.ScreenshotAsync(page, "backoffice-api-keys-revoked");
    }
}
