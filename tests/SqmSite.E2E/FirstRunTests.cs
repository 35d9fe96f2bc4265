using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using SqmSite.Cms.Security;

namespace SqmSite.E2E;

/// <summary>A site on its first run: no users and no unattended install, so the console shows a one-time setup link.</summary>
public sealed class FirstRunFixture : BrowserFixture
{
    protected override bool Installed => false;
}

public sealed class FirstRunTests(FirstRunFixture fixture) : IClassFixture<FirstRunFixture>
{
    [Fact]
    public async Task The_first_administrator_is_created_through_the_setup_link_and_the_link_then_stops_working()
    {
        var page = await fixture.NewPageAsync();
        var guessed = await page.GotoAsync("/backoffice/install?token=guess");
        Assert.Equal(404, guessed!.Status);
        await page.GetByText("This setup link is not valid.").WaitForAsync();

        // The link the console printed at start-up; the test asks the same service for a fresh one.
        var link = "/backoffice/install?token=" + fixture.Services.GetRequiredService<InstallToken>().Issue();
        foreach (var width in new[] { 390, 1366 })
        {
            var sized = await fixture.NewPageAsync(width, 844);
            await sized.GotoAsync(link);
            await sized.GetByRole(AriaRole.Heading, new() { Name = "Create the first administrator" }).WaitForAsync();
            await BrowserFixture.AssertNoSidewaysScrollAsync(sized, $"install at {width} px");
            await BrowserFixture.AssertAccessibleAsync(sized, $"install at {width} px");
            await BrowserFixture.ScreenshotAsync(sized, "install");
        }

        await page.GotoAsync(link);
        await page.GetByRole(AriaRole.Button, new() { Name = "Create administrator" }).ClickAsync();
        await page.GetByText("Enter your name.").First.WaitForAsync();
        await page.GetByText("Enter your email address.").First.WaitForAsync();

        await page.GetByLabel("Your name").FillAsync("Ada Admin");
        await page.GetByLabel("Email").FillAsync("ada@example.org");
        await page.GetByLabel("Password").FillAsync("short");
        await page.GetByRole(AriaRole.Button, new() { Name = "Create administrator" }).ClickAsync();
        await page.GetByText("Passwords must be at least 10 characters.").First.WaitForAsync();
        Assert.Equal("Ada Admin", await page.GetByLabel("Your name").InputValueAsync());

        await page.GetByLabel("Password").FillAsync(BrowserFixture.Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Create administrator" }).ClickAsync();
        await page.GetByText("Welcome! The site is set up and you are its administrator.").WaitForAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "Users", Exact = true }).ClickAsync();
        await page.GetByRole(AriaRole.Cell, new() { Name = "ada@example.org" }).WaitForAsync();

        var again = await (await fixture.NewPageAsync()).GotoAsync(link);
        Assert.Equal(404, again!.Status);
    }
}
