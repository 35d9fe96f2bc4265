using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using SqmSite.Cms.Content;
using SqmSite.Cms.Published;
using SqmSite.Cms.Security;
using SqmSite.Testing;

namespace SqmSite.E2E;

/// <summary>
/// Webhooks through their pages, against a receiver on loopback that checks each signature: register one (after a
/// refused bad address and no events), see a published page's delivery in the log, send it again.
/// </summary>
public sealed class BackofficeWebhooksTests(BrowserFixture fixture) : IClassFixture<BrowserFixture>
{
    [Theory]
    [InlineData(1366, 900)]
    [InlineData(390, 844)]
    public async Task An_administrator_registers_a_webhook_sees_a_delivery_in_the_log_and_sends_it_again(int width, int height)
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var page = await fixture.BackofficePageAsync(BackofficeRoles.Administrator, width, height);
        await page.GotoAsync("/backoffice/webhooks");
        await page.GetByRole(AriaRole.Heading, new() { Name = "Webhooks", Level = 1 }).WaitForAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "Register a webhook" }).ClickAsync();
        await page.GetByRole(AriaRole.Heading, new() { Name = "Register a webhook", Level = 1 }).WaitForAsync();

        // A bad address and no event: refused, each with its message beside the field.
        var name = $"Firm website {width}";
        await page.GetByLabel("Name", new() { Exact = true }).FillAsync(name);
        await page.GetByLabel("Address (URL)").FillAsync("firm.example/hooks");
        await page.GetByRole(AriaRole.Button, new() { Name = "Register webhook" }).ClickAsync();
        await page.Locator("#bo-errors").WaitForAsync();
        Assert.Contains("Enter a complete http:// or https:// address", await page.Locator("#error-Url").InnerTextAsync());
        Assert.Contains("Choose at least one event", await page.Locator("#error-Events").InnerTextAsync());
        Assert.Equal("true", await page.GetByLabel("Address (URL)").GetAttributeAsync("aria-invalid"));
        Assert.Equal(name, await page.GetByLabel("Name", new() { Exact = true }).InputValueAsync());
        await BrowserFixture.AssertAccessibleAsync(page, "register a webhook, with errors");
        await BrowserFixture.AssertNoSidewaysScrollAsync(page, "register a webhook, with errors");
        await BrowserFixture.ScreenshotAsync(page, "backoffice-webhook-errors");

        await page.GetByLabel("Address (URL)").FillAsync(receiver.HookUrl);
        await page.GetByRole(AriaRole.Checkbox, new() { Name = "Content published" }).CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Register webhook" }).ClickAsync();

        await page.GetByText($"The webhook \"{name}\" is registered.").WaitForAsync();
        await page.GetByText("The signing secret, shown this once").WaitForAsync();
        var secret = await page.Locator("#secret-token").InputValueAsync();
        Assert.StartsWith("whsec_", secret, StringComparison.Ordinal);
        receiver.Secret = secret;
        Assert.True(await page.GetByRole(AriaRole.Checkbox, new() { Name = "Content published" }).IsCheckedAsync());
        Assert.False(await page.GetByRole(AriaRole.Checkbox, new() { Name = "Media changed" }).IsCheckedAsync());
        await BrowserFixture.AssertAccessibleAsync(page, "a new webhook with its secret");
        await BrowserFixture.AssertNoSidewaysScrollAsync(page, "a new webhook with its secret");
        await BrowserFixture.ScreenshotAsync(page, "backoffice-webhook-registered");

        // The event: a page published (through the engine, as an editor's publish does).
        var pageName = $"Webhook news {width}";
        await fixture.WithServicesAsync(async s =>
        {
            var content = s.GetRequiredService<ContentService>();
            var home = s.GetRequiredService<IPublishedContentCache>().Snapshot.Home!;
            var created = await content.CreateAsync(home.Id, "contentPage",
                new ContentEdit(pageName, null, new Dictionary<string, string?> { ["summary"] = "News.", ["body"] = "<p>News.</p>" }), "editor");
            Assert.True(created.Succeeded, created.Message);
            var published = await content.PublishAsync(created.Value!.Id, "editor");
            Assert.True(published.Succeeded, published.Message);
            return 0;
        });

        await page.GetByRole(AriaRole.Link, new() { Name = "Delivery log" }).ClickAsync();
        await page.GetByRole(AriaRole.Heading, new() { Name = "Delivery log", Level = 1 }).WaitForAsync();
        var rows = page.GetByRole(AriaRole.Row).Filter(new() { HasText = "content.published" });
        await WaitForAsync(page, async () => await rows.CountAsync() == 1 && (await rows.First.InnerTextAsync()).Contains("Delivered", StringComparison.Ordinal));
        Assert.Contains("200", await rows.First.InnerTextAsync());
        var first = Assert.Single(receiver.Received);
        Assert.True(first.SignatureValid, "the receiver checked the signature");
        Assert.Contains(pageName, first.Body);
        await BrowserFixture.AssertAccessibleAsync(page, "the delivery log");
        await BrowserFixture.AssertNoSidewaysScrollAsync(page, "the delivery log");
        await BrowserFixture.ScreenshotAsync(page, "backoffice-webhook-log");

        await rows.First.GetByRole(AriaRole.Button, new() { Name = "Send again" }).ClickAsync();
        await page.GetByText("The delivery is queued to be sent again").WaitForAsync();
        await WaitForAsync(page, async () => await rows.CountAsync() == 2 && (await rows.First.InnerTextAsync()).Contains("Delivered", StringComparison.Ordinal));
        Assert.Equal(2, receiver.Received.Count);
        Assert.True(receiver.Received[1].SignatureValid);
        Assert.Equal(first.Body, receiver.Received[1].Body);
        Assert.NotEqual(first.Id, receiver.Received[1].Id);
        await BrowserFixture.AssertNoSidewaysScrollAsync(page, "the delivery log after send again");
        await BrowserFixture.ScreenshotAsync(page, "backoffice-webhook-sent-again");

        // The list shows it with its last delivery.
        await page.GetByRole(AriaRole.Link, new() { Name = "Webhooks", Exact = true }).First.ClickAsync();
        var listed = page.GetByRole(AriaRole.Row).Filter(new() { HasText = name });
        Assert.Contains("Enabled", await listed.InnerTextAsync());
        Assert.Contains("Delivered", await listed.InnerTextAsync());
        await BrowserFixture.AssertAccessibleAsync(page, "the webhooks list");
        await BrowserFixture.AssertNoSidewaysScrollAsync(page, "the webhooks list");
        await BrowserFixture.ScreenshotAsync(page, "backoffice-webhooks");
    }

    /// <summary>The sender works in the background: reads the log again until <paramref name="done"/>, for up to 20 seconds.</summary>
    private static async Task WaitForAsync(IPage page, Func<Task<bool>> done)
    {
        for (var i = 0; i < 40; i++)
        {
            if (await done())
            {
                return;
            }

            await Task.Delay(500);
            await page.ReloadAsync();
        }

        Assert.Fail("The delivery log did not show the delivery in time: " + await page.Locator("main").InnerTextAsync());
    }
}
