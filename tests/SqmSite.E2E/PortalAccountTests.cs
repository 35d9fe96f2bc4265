using System.Text.RegularExpressions;
using Microsoft.Playwright;
using SqmSite.E2E.Pages;

namespace SqmSite.E2E;

/// <summary>
/// The portal's account forms in Chromium (issue 8, register and sign-in): register lists every rule up front and
/// every failure at once, in the labels' words; a sign-in before confirming reads as a notice; after a refused
/// sign-in, register or reset the focus is on the error summary; forgot, reset and sign out go through their forms.
/// </summary>
public sealed partial class PortalAccountTests(BrowserFixture fixture) : IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task Register_lists_the_password_rules_up_front_and_every_failure_at_once_in_the_labels_words()
    {
        var page = await PortalTestSteps.PatientAsync(fixture.NewPageAsync(1366));
        await page.GotoAsync("/portal/register");
        var rules = await page.Locator("#h-pw").InnerTextAsync();
        Assert.Contains("at least 10 characters", rules);
        Assert.Contains("an upper case letter", rules);
        Assert.Contains("a digit", rules);
        await PortalTestSteps.CheckPageAsync(page, "portal-register");

        await page.GetByLabel("Your name").FillAsync("Rex Register");
        await page.GetByLabel("Email").FillAsync("rex@example.org");
        await page.GetByLabel("Password").FillAsync("short");
        await page.GetByRole(AriaRole.Button, new() { Name = "Register" }).ClickAsync();
        await PortalTestSteps.AssertFocusOnErrorsAsync(page);
        var summary = await page.Locator("#portal-errors").InnerTextAsync();
        Assert.Contains("Official name is required.", summary);
        Assert.DoesNotContain("OrganizationName", summary);
        Assert.Contains("at least 10 characters", summary);
        Assert.Contains("uppercase", summary);
        Assert.Contains("digit", summary);
        await PortalTestSteps.CheckPageAsync(page, "portal-register-errors");

        var phone = await PortalTestSteps.PatientAsync(fixture.NewPageAsync(390, 844));
        await phone.GotoAsync("/portal/register");
        await phone.GetByRole(AriaRole.Button, new() { Name = "Register" }).ClickAsync();
        await PortalTestSteps.AssertFocusOnErrorsAsync(phone);
        await PortalTestSteps.CheckPageAsync(phone, "portal-register-errors");

        await page.GetByRole(AriaRole.Link, new() { Name = "Sign in", Exact = true }).ClickAsync();
        await page.GetByRole(AriaRole.Heading, new() { Name = "Sign in to the nominee portal", Level = 1 }).WaitForAsync();
    }

    [Fact]
    public async Task Signing_in_before_confirming_says_so_plainly_and_a_wrong_password_moves_focus_to_the_message()
    {
        var page = await PortalTestSteps.PatientAsync(fixture.NewPageAsync(1366));
        await page.GotoAsync("/portal/register");
        await page.GetByLabel("Official name").FillAsync("Una's Unconfirmed Center");
        await page.GetByLabel("Your name").FillAsync("Una Unconfirmed");
        await page.GetByLabel("Email").FillAsync("una.unconfirmed@example.org");
        await page.GetByLabel("Password").FillAsync(BrowserFixture.Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Register" }).ClickAsync();
        await page.GetByText("We sent a link to").WaitForAsync();

        await SignInPage.OpenAndSubmitAsync(page, "/portal/login", "una.unconfirmed@example.org", BrowserFixture.Password);
        await PortalTestSteps.AssertFocusOnErrorsAsync(page);
        var notice = await page.Locator("#portal-errors").InnerTextAsync();
        Assert.Contains("Your email address is not confirmed yet.", notice);
        Assert.DoesNotContain("Please correct the following", await page.ContentAsync());
        await PortalTestSteps.CheckPageAsync(page, "portal-login-unconfirmed");

        await SignInPage.SubmitAsync(page, "una.unconfirmed@example.org", "Not-The-Password-1");
        await PortalTestSteps.AssertFocusOnErrorsAsync(page);
        await page.Locator("#portal-errors").GetByText("The email or password is not right.").WaitForAsync();
        await PortalTestSteps.CheckPageAsync(page, "portal-login-error");
    }

    [Fact]
    public async Task A_nominee_resets_a_forgotten_password_through_the_forms_and_signs_out()
    {
        const string email = "fern@example.org";
        await (await fixture.NomineePageAsync(email, "Fern's Forgetful Center")).Context.CloseAsync();
        var page = await PortalTestSteps.PatientAsync(fixture.NewPageAsync(1366));
        await page.GotoAsync("/portal/login");
        await page.GetByRole(AriaRole.Link, new() { Name = "Forgot your password?" }).ClickAsync();
        await page.GetByLabel("Email").FillAsync(email);
        await page.GetByRole(AriaRole.Button, new() { Name = "Send the link" }).ClickAsync();
        await page.GetByText($"If {email} belongs to a nominee account").WaitForAsync();
        await PortalTestSteps.CheckPageAsync(page, "portal-forgot-sent");

        await page.GotoAsync(new Uri(await fixture.LinkFromSinkAsync(email, ResetLink())).PathAndQuery);
        await page.GetByLabel("New password").FillAsync("short");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save the new password" }).ClickAsync();
        await PortalTestSteps.AssertFocusOnErrorsAsync(page);
        Assert.Contains("at least 10 characters", await page.Locator("#portal-errors").InnerTextAsync());
        await PortalTestSteps.CheckPageAsync(page, "portal-reset-error");

        await page.GetByLabel("New password").FillAsync("Fresh-Password-2026");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save the new password" }).ClickAsync();
        await page.GetByText("Your password was changed. Sign in with the new one.").WaitForAsync();
        await SignInPage.SubmitAsync(page, email, "Fresh-Password-2026");
        await page.GetByRole(AriaRole.Heading, new() { Name = "Your nominations", Level = 1 }).WaitForAsync();

        await page.GetByRole(AriaRole.Button, new() { Name = "Sign out" }).ClickAsync();
        await page.WaitForURLAsync(url => new Uri(url).AbsolutePath == "/", new() { WaitUntil = WaitUntilState.DOMContentLoaded, Timeout = 60_000 });
        await page.GotoAsync("/portal");
        await page.GetByRole(AriaRole.Heading, new() { Name = "Sign in to the nominee portal", Level = 1 }).WaitForAsync();

        // The sign-out page's own form (where a signed-out link or a bookmark leads) signs out too.
        await SignInPage.SubmitAsync(page, email, "Fresh-Password-2026");
        await page.GetByRole(AriaRole.Heading, new() { Name = "Your nominations", Level = 1 }).WaitForAsync();
        await page.GotoAsync("/portal/logout");
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign out" }).ClickAsync();
        await page.WaitForURLAsync(url => new Uri(url).AbsolutePath == "/", new() { WaitUntil = WaitUntilState.DOMContentLoaded, Timeout = 60_000 });
        await page.GotoAsync("/portal");
        await page.GetByRole(AriaRole.Heading, new() { Name = "Sign in to the nominee portal", Level = 1 }).WaitForAsync();
    }

    [GeneratedRegex("https?://[^\"<\\s]+/portal/reset\\?[^\"<\\s]+")]
    private static partial Regex ResetLink();
}
