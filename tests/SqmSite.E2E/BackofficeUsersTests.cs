using Microsoft.Playwright;
using SqmSite.Cms.Security;
using SqmSite.E2E.Pages;

namespace SqmSite.E2E;

/// <summary>User management through its pages: add a user (with errors first), change roles, set a password.</summary>
public sealed class BackofficeUsersTests(BrowserFixture fixture) : IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task An_administrator_adds_a_user_changes_the_roles_and_sets_a_new_password()
    {
        var page = await fixture.BackofficePageAsync(BackofficeRoles.Administrator);
        await page.GotoAsync("/backoffice/users");

        // Errors name the fields as the page does, beside each field and linked to it.
        await page.GetByLabel("Name", new() { Exact = true }).FillAsync("Mara Marketing");
        await page.GetByLabel("Email").FillAsync("not-an-address");
        await page.GetByRole(AriaRole.Button, new() { Name = "Add user" }).ClickAsync();
        await page.Locator("#bo-errors").WaitForAsync();
        Assert.Equal("bo-errors", await page.EvaluateAsync<string>("() => document.activeElement.id"));
        var text = await page.Locator("#bo-errors").InnerTextAsync();
        Assert.Contains("Enter a valid email address.", text);
        Assert.Contains("Choose an initial password.", text);
        Assert.DoesNotContain("Input.", text);
        Assert.Equal("error-Email", await page.GetByLabel("Email").GetAttributeAsync("aria-describedby"));
        Assert.Equal("Mara Marketing", await page.GetByLabel("Name", new() { Exact = true }).InputValueAsync());

        await page.GetByLabel("Email").FillAsync("mara@example.org");
        await page.GetByLabel("Initial password").FillAsync("Marketing-Pass-2027");
        await page.GetByLabel(BackofficeRoles.Marketing, new() { Exact = true }).CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Add user" }).ClickAsync();
        await page.GetByText("Mara Marketing can now sign in as mara@example.org.").WaitForAsync();

        await page.GetByRole(AriaRole.Link, new() { Name = "Mara Marketing" }).ClickAsync();
        await page.GetByRole(AriaRole.Heading, new() { Name = "Mara Marketing", Level = 1 }).WaitForAsync();
        await page.GetByLabel(BackofficeRoles.Editor, new() { Exact = true }).CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Save roles" }).ClickAsync();
        await page.GetByText("Roles saved.").WaitForAsync();
        Assert.True(await page.GetByLabel(BackofficeRoles.Editor, new() { Exact = true }).IsCheckedAsync());

        await page.GetByLabel("New password").FillAsync("short");
        await page.GetByRole(AriaRole.Button, new() { Name = "Set password" }).ClickAsync();
        await page.Locator("#bo-errors").WaitForAsync();
        Assert.Equal("true", await page.GetByLabel("New password").GetAttributeAsync("aria-invalid"));
        await page.GetByLabel("New password").FillAsync("Another-Marketing-2027");
        await page.GetByRole(AriaRole.Button, new() { Name = "Set password" }).ClickAsync();
        await page.GetByText("The password was changed.").WaitForAsync();

        // The new password works on the sign-in page.
        var mara = await fixture.NewPageAsync();
        await SignInPage.OpenAndSubmitAsync(mara, "/backoffice/login", "mara@example.org", "Another-Marketing-2027");
        await mara.GetByRole(AriaRole.Heading, new() { Name = "Welcome, Mara Marketing" }).WaitForAsync();
    }
}
