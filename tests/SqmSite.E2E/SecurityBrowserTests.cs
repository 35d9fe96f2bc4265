using SqmSite.Cms;
using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using SqmSite.Awards.Cycles;
using SqmSite.Awards.Nominations;
using SqmSite.Awards.Portal;
using SqmSite.Cms.Security;
using SqmSite.E2E.Pages;

namespace SqmSite.E2E;

/// <summary>
/// Issue 9, items 3, 4 and 6 in the browser: the confirmation link confirms once and does not sign in; registering
/// with an address that has an account answers as for a new one; the editor, the media picker and the story's autosave
/// work under the strict Content-Security-Policy without a single violation.
/// </summary>
public sealed partial class SecurityBrowserTests(BrowserFixture fixture) : IClassFixture<BrowserFixture>
{
    private static async Task RegisterAsync(IPage page, string organization, string name, string email)
    {
        await page.GotoAsync("/portal/register");
        await page.GetByLabel("Official name").FillAsync(organization);
        await page.GetByLabel("Your name").FillAsync(name);
        await page.GetByLabel("Email").FillAsync(email);
        await page.GetByLabel("Password").FillAsync(BrowserFixture.Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Register" }).ClickAsync();
    }

    [Fact]
    public async Task The_confirmation_link_confirms_once_and_signing_in_is_a_separate_step()
    {
        const string email = "quinn@example.org";
        var page = await fixture.NewPageAsync(1366);
        await RegisterAsync(page, "Quinn's Contact Center", "Quinn Quick", email);
        await page.GetByText($"We sent a link to {email}").WaitForAsync();
        var link = new Uri(await fixture.LinkFromSinkAsync(email, ConfirmLink())).PathAndQuery;

        await page.GotoAsync(link);
        await page.GetByText("Thank you: your email address is confirmed. Sign in with your email and password.").WaitForAsync();
        Assert.Contains("/portal/login", page.Url, StringComparison.Ordinal);
        await BrowserFixture.AssertAccessibleAsync(page, "sign-in page after confirming");
        await BrowserFixture.ScreenshotAsync(page, "security-confirmed");

        // Not signed in by the link: the portal still asks to sign in.
        await page.GotoAsync("/portal");
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).WaitForAsync();
        Assert.Contains("/login", page.Url, StringComparison.Ordinal);

        // The same link from another browser (or again from this one) confirms nothing and signs in no one.
        var other = await fixture.NewPageAsync(390);
        await other.GotoAsync(link);
        await other.GetByText("This confirmation link is not valid any more").WaitForAsync();
        await BrowserFixture.AssertAccessibleAsync(other, "used confirmation link (390 px)");
        await BrowserFixture.AssertNoSidewaysScrollAsync(other, "used confirmation link (390 px)");
        await BrowserFixture.ScreenshotAsync(other, "security-confirm-used");
        await other.GotoAsync("/portal");
        Assert.Contains("/login", other.Url, StringComparison.Ordinal);

        // Signing in is its own step, with the password.
        await SignInPage.OpenAndSubmitAsync(page, "/portal/login", email, BrowserFixture.Password);
        await page.GetByRole(AriaRole.Heading, new() { Name = "Your nominations", Level = 1 }).WaitForAsync();
    }

    [Fact]
    public async Task Registering_with_an_address_that_has_an_account_answers_as_a_new_registration_and_tells_the_holder()
    {
        var fresh = await fixture.NewPageAsync(1366);
        await RegisterAsync(fresh, "Rosa's Service Desk", "Rosa Ruiz", "rosa@example.org");
        var freshAnswer = await fresh.Locator(".portal-alert").InnerTextAsync();

        // A staff address: the page must not say it is taken.
        var staff = await fixture.NewPageAsync(390);
        await RegisterAsync(staff, "Someone Else Inc", "Mallory", BrowserFixture.EditorEmail);
        var staffAnswer = await staff.Locator(".portal-alert").InnerTextAsync();
        Assert.Equal(freshAnswer.Replace("rosa@example.org", "{address}", StringComparison.Ordinal),
            staffAnswer.Replace(BrowserFixture.EditorEmail, "{address}", StringComparison.Ordinal));
        Assert.DoesNotContain("taken", await staff.ContentAsync(), StringComparison.OrdinalIgnoreCase);
        await BrowserFixture.AssertAccessibleAsync(staff, "registration answer (390 px)");
        await BrowserFixture.AssertNoSidewaysScrollAsync(staff, "registration answer (390 px)");
        await BrowserFixture.ScreenshotAsync(staff, "security-register-existing");

        // The holder hears of it by email, with where to sign in.
        var signIn = await fixture.LinkFromSinkAsync(BrowserFixture.EditorEmail, SignInLink());
        Assert.EndsWith("/backoffice/login", signIn, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_editor_formats_text_the_media_picker_opens_and_the_story_autosaves_with_no_CSP_violations()
    {
        var violations = new List<string>();
        async Task WatchAsync(IPage page)
        {
            await page.ExposeFunctionAsync<string>("reportCspViolation", v => { lock (violations) { violations.Add(v); } });
            await page.AddInitScriptAsync("document.addEventListener('securitypolicyviolation', e => window.reportCspViolation(e.violatedDirective + ' ' + e.blockedURI + ' ' + (e.sample || '')));");
            page.Console += (_, message) =>
            {
                if (message.Text.Contains("Content Security Policy", StringComparison.OrdinalIgnoreCase))
                {
                    lock (violations) { violations.Add(message.Text); }
                }
            };
        }

        // The rich-text editor (Trix, which adds its own <style> with the nonce) formats text.
        var editor = await fixture.BackofficePageAsync(BackofficeRoles.Editor);
        await WatchAsync(editor);
        await editor.GotoAsync("/backoffice/content");
        await editor.GetByRole(AriaRole.Link, new() { Name = "Email Channel", Exact = true }).ClickAsync();
        var overview = editor.Locator("trix-editor[input='field-overview']");
        await overview.ClickAsync();
        await editor.Keyboard.PressAsync("Control+A");
        var toolbar = editor.Locator("#" + await overview.GetAttributeAsync("toolbar"));
        await toolbar.GetByRole(AriaRole.Button, new() { Name = "Bold" }).ClickAsync();
        await editor.Keyboard.TypeAsync("Bold words");
        await overview.Locator("strong", new() { HasText = "Bold words" }).WaitForAsync();
        Assert.Equal("block", await overview.EvaluateAsync<string>("e => getComputedStyle(e).display"));
        await BrowserFixture.AssertAccessibleAsync(editor, "content editor under the CSP");

        // The media picker opens its dialog.
        await editor.GotoAsync("/backoffice/content");
        await editor.GetByRole(AriaRole.Link, new() { Name = "Home", Exact = true }).First.ClickAsync();
        await editor.GetByRole(AriaRole.Button, new() { Name = "Choose from the library…" }).ClickAsync();
        await editor.GetByRole(AriaRole.Heading, new() { Name = "Choose from the media library" }).WaitForAsync();
        await BrowserFixture.ScreenshotAsync(editor, "security-media-picker");

        // The portal story autosaves (a fetch from portal.js).
        const string email = "sam@example.org";
        var nominee = await fixture.NomineePageAsync(email, "Sam's Support Center");
        await WatchAsync(nominee);
        var key = await FinalistAsync(email);
        await nominee.GotoAsync($"/portal/nominations/{key}/story");
        await nominee.GetByLabel("The story").FillAsync("Typed under a strict policy, saved by the autosave.");
        await nominee.Locator("#autosave-status").GetByText("Draft saved automatically").WaitForAsync(new() { Timeout = 60_000 });
        var stored = await fixture.WithServicesAsync(s => s.GetRequiredService<NominationService>().FindAsync(key));
        Assert.Equal("Typed under a strict policy, saved by the autosave.", stored!.Story.Text);

        lock (violations)
        {
            Assert.True(violations.Count == 0, "CSP violations:\n" + string.Join("\n", violations));
        }
    }

    /// <summary>A released finalist of the nominee's organization, through the domain's own steps.</summary>
    private async Task<Guid> FinalistAsync(string email)
    {
        var cycle = fixture.Services.GetRequiredService<CycleCatalog>().Current!;
        var organizationId = await fixture.WithServicesAsync(async s =>
        {
            var user = await s.GetRequiredService<Microsoft.AspNetCore.Identity.UserManager<BackofficeUser>>().FindByEmailAsync(email);
            var principal = new System.Security.Claims.ClaimsPrincipal(new System.Security.Claims.ClaimsIdentity(
                [new System.Security.Claims.Claim(System.Security.Claims.ClaimTypes.NameIdentifier, user!.Id)], "test"));
            return (await s.GetRequiredService<NomineeAccounts>().OrganizationOfAsync(principal))!.Id;
        });
        var category = fixture.Services.GetRequiredService<SqmSite.Cms.Published.IPublishedContentCache>().Snapshot.ByUrl("/categories/email-channel/")!;
        var (nomination, applied) = await fixture.WithServicesAsync(s => s.GetRequiredService<NominationService>()
            .ApplyAsync(cycle.Id, organizationId, category.Key, category.Name, "An unusual email practice.", false, email));
        Assert.True(applied.Succeeded, applied.Message);
        var key = nomination!.Key;
        Task<Attempt<NominationOperationStatus>> Step(Func<Nomination, AwardCycle, DateTime, Attempt<NominationOperationStatus>> step) =>
            fixture.WithServicesAsync(s => s.GetRequiredService<NominationService>().StepAsync(key, null, step));
        Assert.True((await Step((n, c, now) => n.SubmitChecklist(c, Guid.NewGuid(), email, now))).Succeeded);
        Assert.True((await Step((n, c, now) => n.ReviewChecklist(true, null, "staff", now))).Succeeded);
        Assert.True((await Step((n, c, now) => n.DecideFinalist(true, "staff", now))).Succeeded);

        var now = DateTime.UtcNow;
        var moved = cycle.Dates with
        {
            ApplicationsOpenUtc = now.AddDays(-10), ApplicationsCloseUtc = now.AddDays(-5), ChecklistDueUtc = now.AddDays(-4),
            InterviewsStartUtc = now.AddDays(-4), InterviewsEndUtc = now.AddDays(-2), FinalistsNotifiedByUtc = now.AddMinutes(-1),
        };
        var problems = await fixture.WithServicesAsync(s => s.GetRequiredService<CycleService>()
            .UpdateAsync(cycle.Id, cycle.Name, cycle.Year, cycle.FirstRatingsYear, cycle.TimeZoneId, moved, cycle.CategoryKeys.ToList()));
        Assert.Empty(problems);
        var (_, released) = await fixture.WithServicesAsync(s => s.GetRequiredService<NominationService>().ReleaseDecisionsAsync(cycle.Id, "staff"));
        Assert.True(released.Succeeded, released.Message);
        return key;
    }

    [GeneratedRegex("https?://[^\"<\\s]+/portal/confirm\\?[^\"<\\s]+")]
    private static partial Regex ConfirmLink();

    [GeneratedRegex("https?://[^\"<\\s]+/(portal|backoffice)/login")]
    private static partial Regex SignInLink();
}
