using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using SqmSite.Awards.Portal;
using SqmSite.Cms.Security;
using SqmSite.E2E.Pages;

namespace SqmSite.E2E;

/// <summary>
/// A nominee invites a colleague from the organization page; the colleague follows the link from the email that
/// reached the SMTP sink, chooses a password and lands in the same organization's portal. axe checks both pages.
/// </summary>
public sealed partial class ColleagueInvitationTests(BrowserFixture fixture) : IClassFixture<BrowserFixture>
{

    [Fact]
    public async Task A_nominee_invites_a_colleague_who_joins_through_the_emailed_link()
    {
        const string owner = "olga@example.org", colleague = "colin@example.org";
        await using (var scope = fixture.Services.CreateAsyncScope())
        {
            var registered = await scope.ServiceProvider.GetRequiredService<NomineeAccounts>()
                .RegisterAsync("Olga's Care Center", "olga.example.org", false, "Olga Owner", owner, BrowserFixture.Password);
            Assert.True(registered.Succeeded);
            registered.Value!.User!.EmailConfirmed = true;
            await scope.ServiceProvider.GetRequiredService<UserManager<BackofficeUser>>().UpdateAsync(registered.Value!.User!);
        }

        var page = await fixture.NewPageAsync();
        await SignInPage.OpenAndSubmitAsync(page, "/portal/login", owner, BrowserFixture.Password);
        await page.GetByRole(AriaRole.Link, new() { Name = "Your organization: profile, people and invitations" }).ClickAsync();
        await page.GetByRole(AriaRole.Heading, new() { Name = "Your organization", Level = 1 }).WaitForAsync();
        Assert.Equal("https://olga.example.org", await page.GetByLabel("Website").InputValueAsync());

        await page.GetByLabel("Their name").FillAsync("Colin Colleague");
        await page.GetByLabel("Their email").FillAsync("not an address");
        await page.GetByRole(AriaRole.Button, new() { Name = "Send the invitation" }).ClickAsync();
        await page.Locator(".portal-error").GetByText("Enter a valid email address").WaitForAsync();
        await BrowserFixture.AssertAccessibleAsync(page, "organization page with an error");

        await page.GetByLabel("Their email").FillAsync(colleague);
        await page.GetByRole(AriaRole.Button, new() { Name = "Send the invitation" }).ClickAsync();
        await page.GetByText($"We sent an invitation to {colleague}").WaitForAsync();
        await page.ScreenshotAsync(new() { Path = Path.Combine(BrowserFixture.ScreenshotFolder, "portal-organization.png"), FullPage = true });
        await BrowserFixture.AssertAccessibleAsync(page, "organization page with a pending invitation");

        var invited = await fixture.NewPageAsync();
        await invited.GotoAsync(new Uri(await fixture.LinkFromSinkAsync(colleague, InvitationLink())).PathAndQuery);
        await invited.GetByText("Olga's Care Center").First.WaitForAsync();
        await BrowserFixture.AssertAccessibleAsync(invited, "invitation page");
        await invited.GetByLabel("Your name").FillAsync("Colin Colleague");
        await invited.GetByLabel("Password", new() { Exact = true }).FillAsync("Colins-Password-1");
        await invited.GetByLabel("Password again").FillAsync("Colins-Password-1");
        await invited.GetByRole(AriaRole.Button, new() { Name = "Join Olga's Care Center" }).ClickAsync();
        await invited.GetByRole(AriaRole.Heading, new() { Name = "Your nominations", Level = 1 }).WaitForAsync();
        await invited.GetByText("you have joined your organization").WaitForAsync();

        await page.ReloadAsync();
        await page.Locator("#people").GetByText("Colin Colleague").WaitForAsync();
        Assert.Contains("There are no pending invitations.", await page.Locator("#invitations").InnerTextAsync());
    }

    [GeneratedRegex("https?://[^\"<\\s]+/portal/invitation\\?token=[^\"<\\s]+")]
    private static partial Regex InvitationLink();
}
