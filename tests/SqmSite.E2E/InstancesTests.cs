using Microsoft.Playwright;
using SqmSite.Cms.Security;

namespace SqmSite.E2E;

/// <summary>An administrator looks at the list of instances: this one is there, running and up to date.</summary>
public sealed class InstancesTests(BrowserFixture fixture) : IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task An_administrator_sees_the_instance_that_served_the_page_running_and_up_to_date()
    {
        var page = await fixture.BackofficePageAsync(BackofficeRoles.Administrator);
        // The instance says it is alive within a moment of starting, and has followed the log (media uploaded by the
        // fixture's set-up, say) within its poll of two seconds.
        var row = page.GetByRole(AriaRole.Row).Filter(new() { HasText = "(this page came from it)" });
        for (var i = 0; i < 75; i++)
        {
            await page.GotoAsync("/backoffice/instances");
            if (await row.CountAsync() > 0 && (await row.TextContentAsync())!.Contains("Up to date", StringComparison.Ordinal))
            {
                break;
            }

            await Task.Delay(200);
        }

        await Assertions.Expect(row).ToContainTextAsync("Running");
        await Assertions.Expect(row).ToContainTextAsync("Up to date");
        await BrowserFixture.ScreenshotAsync(page, "backoffice-instances");
        await BrowserFixture.AssertAccessibleAsync(page, "backoffice instances");
        await page.SetViewportSizeAsync(390, 844);
        await BrowserFixture.ScreenshotAsync(page, "backoffice-instances-phone");
        await BrowserFixture.AssertNoSidewaysScrollAsync(page, "backoffice instances at 390px");
    }
}
