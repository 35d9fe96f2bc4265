using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using SqmSite.Awards.Portal;
using SqmSite.Cms.Data;
using SqmSite.Cms.Email;
using SqmSite.Cms.Security;

namespace SqmSite.Web.Tests;

/// <summary>The site with a password hasher that counts its checks, to see that unknown addresses cost one too.</summary>
public sealed class CountingHasherSiteFactory : SiteFactory
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureTestServices(services =>
        {
            services.AddScoped<IPasswordHasher<BackofficeUser>, CountingPasswordHasher>();

            // Each request from its own address: these tests post more sign-ins than one address may in a minute.
            services.AddSingleton<Microsoft.AspNetCore.Hosting.IStartupFilter, EveryRequestItsOwnAddress>();
        });
    }
}

internal sealed class EveryRequestItsOwnAddress : Microsoft.AspNetCore.Hosting.IStartupFilter
{
    private static int _next;

    public Action<Microsoft.AspNetCore.Builder.IApplicationBuilder> Configure(Action<Microsoft.AspNetCore.Builder.IApplicationBuilder> next) => app =>
    {
        app.Use(async (context, nextMiddleware) =>
        {
            var n = Interlocked.Increment(ref _next);
            context.Connection.RemoteIpAddress = new IPAddress([10, (byte)(n >> 16), (byte)(n >> 8), (byte)n]);
            await nextMiddleware();
        });
        next(app);
    };
}

public sealed class CountingPasswordHasher : IPasswordHasher<BackofficeUser>
{
    private static int _verifications;
    private readonly PasswordHasher<BackofficeUser> _inner = new();

    public static int Verifications => _verifications;

    public string HashPassword(BackofficeUser user, string password) => _inner.HashPassword(user, password);

    public PasswordVerificationResult VerifyHashedPassword(BackofficeUser user, string hashedPassword, string providedPassword)
    {
        Interlocked.Increment(ref _verifications);
        return _inner.VerifyHashedPassword(user, hashedPassword, providedPassword);
    }
}

/// <summary>
/// Issue 9, items 2, 4 and 6 in-process: sessions end at the next request after a change of rights; sign-in,
/// lockout and registration answer the same whether or not an account exists; every HTML page has a strict CSP and
/// the form cookies are Secure over HTTPS.
/// </summary>
public sealed partial class SecurityAccountTests(CountingHasherSiteFactory site) : IClassFixture<CountingHasherSiteFactory>
{
    private async Task<BackofficeUser> UserAsync(string email, string role) => await site.WithServicesAsync(async s =>
    {
        var users = s.GetRequiredService<UserManager<BackofficeUser>>();
        var user = new BackofficeUser { UserName = email, Email = email, EmailConfirmed = true, DisplayName = "Person " + email };
        Assert.True((await users.CreateAsync(user, SiteFactory.Password)).Succeeded);
        await users.AddToRoleAsync(user, role);
        return user;
    });

    private async Task<HttpClient> SignedInAsync(string email, string login = "/backoffice/login")
    {
        var client = site.Browser();
        var response = await client.PostFormAsync(login, new() { ["Email"] = email, ["Password"] = SiteFactory.Password });
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        return client;
    }

    private async Task<BackofficeUser> NomineeAsync(string email)
    {
        return await site.WithServicesAsync(async s =>
        {
            var registered = await s.GetRequiredService<NomineeAccounts>().RegisterAsync("Org of " + email, null, false, "Nominee " + email, email, SiteFactory.Password);
            Assert.True(registered.Succeeded);
            registered.Value!.User!.EmailConfirmed = true;
            await s.GetRequiredService<UserManager<BackofficeUser>>().UpdateAsync(registered.Value!.User!);
            return registered.Value!.User!;
        });
    }

    private static void AssertSentToSignIn(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Contains("login", response.Headers.Location!.OriginalString, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task An_editor_demoted_to_judge_loses_the_content_pages_at_the_next_request()
    {
        var user = await UserAsync("demoted@example.org", BackofficeRoles.Editor);
        var client = await SignedInAsync("demoted@example.org");
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/backoffice/content")).StatusCode);

        // Through the user manager, not a page: whoever changes roles, the stamp changes with them.
        await site.WithServicesAsync(async s =>
        {
            var users = s.GetRequiredService<UserManager<BackofficeUser>>();
            var fresh = (await users.FindByIdAsync(user.Id))!;
            await users.RemoveFromRoleAsync(fresh, BackofficeRoles.Editor);
            await users.AddToRoleAsync(fresh, BackofficeRoles.Judge);
            return 0;
        });

        AssertSentToSignIn(await client.GetAsync("/backoffice/content"));
        AssertSentToSignIn(await client.GetAsync("/backoffice"));
    }

    [Fact]
    public async Task A_password_reset_a_password_change_a_lockout_and_a_deleted_account_each_end_the_session()
    {
        // A nominee's session opened before a password reset.
        var nominee = await NomineeAsync("reset-me@example.org");
        var portal = await SignedInAsync("reset-me@example.org", "/portal/login");
        Assert.Equal(HttpStatusCode.OK, (await portal.GetAsync("/portal")).StatusCode);
        await site.WithServicesAsync(async s =>
        {
            var users = s.GetRequiredService<UserManager<BackofficeUser>>();
            var fresh = (await users.FindByIdAsync(nominee.Id))!;
            Assert.True((await users.ResetPasswordAsync(fresh, await users.GeneratePasswordResetTokenAsync(fresh), "Reset-Password-456")).Succeeded);
            return 0;
        });
        AssertSentToSignIn(await portal.GetAsync("/portal"));

        // A password change.
        var changer = await UserAsync("changer@example.org", BackofficeRoles.Marketing);
        var changed = await SignedInAsync("changer@example.org");
        Assert.Equal(HttpStatusCode.OK, (await changed.GetAsync("/backoffice/content")).StatusCode);
        await site.WithServicesAsync(async s =>
        {
            var users = s.GetRequiredService<UserManager<BackofficeUser>>();
            Assert.True((await users.ChangePasswordAsync((await users.FindByIdAsync(changer.Id))!, SiteFactory.Password, "Changed-Password-789")).Succeeded);
            return 0;
        });
        AssertSentToSignIn(await changed.GetAsync("/backoffice/content"));

        // A lockout: five wrong passwords from anywhere end the open session too.
        await UserAsync("locked@example.org", BackofficeRoles.AwardsStaff);
        var locked = await SignedInAsync("locked@example.org");
        Assert.Equal(HttpStatusCode.OK, (await locked.GetAsync("/backoffice")).StatusCode);
        var attacker = site.Browser();
        for (var i = 0; i < 5; i++)
        {
            await attacker.PostFormAsync("/backoffice/login", new() { ["Email"] = "locked@example.org", ["Password"] = "wrong-password-" + i });
        }

        AssertSentToSignIn(await locked.GetAsync("/backoffice"));

        // A deleted account.
        var gone = await UserAsync("deleted@example.org", BackofficeRoles.Editor);
        var deleted = await SignedInAsync("deleted@example.org");
        Assert.Equal(HttpStatusCode.OK, (await deleted.GetAsync("/backoffice/content")).StatusCode);
        await site.WithServicesAsync(async s =>
        {
            var users = s.GetRequiredService<UserManager<BackofficeUser>>();
            await users.DeleteAsync((await users.FindByIdAsync(gone.Id))!);
            return 0;
        });
        AssertSentToSignIn(await deleted.GetAsync("/backoffice/content"));
    }

    [Fact]
    public async Task Sign_in_runs_the_password_hasher_for_an_address_without_an_account()
    {
        var before = CountingPasswordHasher.Verifications;
        var answer = await site.Browser().PostFormAsync("/backoffice/login", new() { ["Email"] = "nobody-at-all@example.org", ["Password"] = "Some-Password-1" });
        Assert.Contains(SignInPageModel.NotRightMessage, await answer.Content.ReadAsStringAsync());
        Assert.True(CountingPasswordHasher.Verifications > before, "An unknown address must cost a password check, as a real one does.");
    }

    [Theory]
    [InlineData("/backoffice/login")]
    [InlineData("/portal/login")]
    public async Task Lockout_answers_the_same_for_an_unknown_address_as_for_a_real_account(string login)
    {
        var real = $"real-{login.Split('/')[1]}@example.org";
        await UserAsync(real, BackofficeRoles.Editor);
        var unknown = $"unknown-{login.Split('/')[1]}@example.org";
        var answers = new Dictionary<string, List<string>>();
        foreach (var email in new[] { real, unknown })
        {
            var client = site.Browser();
            answers[email] = [];
            for (var i = 0; i < 6; i++)
            {
                var response = await client.PostFormAsync(login, new() { ["Email"] = email, ["Password"] = "Wrong-Password-" + i });
                answers[email].Add(Message(await response.Content.ReadAsStringAsync()));
            }
        }

        Assert.Equal(answers[real], answers[unknown]);
        Assert.Equal(SignInPageModel.NotRightMessage, answers[unknown][0]);
        Assert.Equal(SignInPageModel.LockedOutMessage, answers[unknown][4]);
        Assert.Equal(SignInPageModel.LockedOutMessage, answers[unknown][5]);
    }

    private static string Message(string html)
    {
        var text = WebUtility.HtmlDecode(html);
        return text.Contains(SignInPageModel.LockedOutMessage, StringComparison.Ordinal) ? SignInPageModel.LockedOutMessage
            : text.Contains(SignInPageModel.NotRightMessage, StringComparison.Ordinal) ? SignInPageModel.NotRightMessage
            : "something else";
    }

    [Fact]
    public async Task Registration_with_a_staff_or_nominee_address_answers_as_a_new_one_and_emails_the_holder()
    {
        await NomineeAsync("holder@example.org");
        var answers = new List<string>();
        foreach (var email in new[] { "brand-new@example.org", SiteFactory.UserFor(BackofficeRoles.Editor), "HOLDER@example.org" })
        {
            var response = await site.Browser().PostFormAsync("/portal/register", new()
            {
                ["OrganizationName"] = "Any Org", ["Name"] = "Any Person", ["Email"] = email, ["Password"] = SiteFactory.Password,
            });
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var html = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());
            Assert.DoesNotContain("taken", html, StringComparison.OrdinalIgnoreCase);
            answers.Add(Alert().Match(html).Value.Replace(email, "{address}", StringComparison.Ordinal));
        }

        Assert.Contains("We sent a link to {address}", answers[0]);
        Assert.All(answers, a => Assert.Equal(answers[0], a));

        var told = await site.WithServicesAsync(s => s.GetRequiredService<CmsDbContext>().Set<EmailMessage>().AsNoTracking()
            .Where(m => m.TemplateAlias == "account-exists").ToListAsync());
        Assert.Contains(told, m => m.To.Any(t => t.Contains(SiteFactory.UserFor(BackofficeRoles.Editor), StringComparison.OrdinalIgnoreCase)) && m.HtmlBody.Contains("/backoffice/login"));
        Assert.Contains(told, m => m.To.Any(t => t.Contains("holder@example.org", StringComparison.OrdinalIgnoreCase)) && m.HtmlBody.Contains("/portal/forgot"));
    }

    [Theory]
    [InlineData("/")]
    [InlineData("/categories/email-channel/")]
    [InlineData("/portal/register")]
    [InlineData("/backoffice/login")]
    [InlineData("/no-such-page")]
    public async Task Every_html_page_has_a_strict_content_security_policy_and_inline_scripts_carry_its_nonce(string url)
    {
        var response = await site.Browser().GetAsync(url);
        var csp = response.Headers.GetValues("Content-Security-Policy").Single();
        AssertStrict(csp);
        AssertInlineScriptsCarryTheNonce(await response.Content.ReadAsStringAsync(), csp);
    }

    [Fact]
    public async Task The_backoffice_editor_gives_trix_the_nonce_and_has_no_inline_handlers()
    {
        var client = await site.SignedInAsync(BackofficeRoles.Editor);
        var response = await client.GetAsync($"/backoffice/content/edit/{site.Snapshot.ByUrl("/categories/email-channel/")!.Id}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var csp = response.Headers.GetValues("Content-Security-Policy").Single();
        AssertStrict(csp);
        var html = await response.Content.ReadAsStringAsync();
        var nonce = Regex.Match(csp, "'nonce-([^']+)'").Groups[1].Value;
        Assert.Contains($"<meta name=\"csp-nonce\" content=\"{nonce}\">", html);
        AssertInlineScriptsCarryTheNonce(html, csp);
        Assert.Contains("data-confirm=", html);
    }

    [Fact]
    public async Task Files_keep_their_sandbox_policy_and_form_cookies_are_secure_over_https()
    {
        var https = site.CreateClient(new WebApplicationFactoryClientOptions { BaseAddress = new Uri("https://localhost"), AllowAutoRedirect = false });
        var page = await https.GetAsync("/portal/register");
        var cookies = page.Headers.GetValues("Set-Cookie").ToList();
        Assert.Contains(cookies, c => c.StartsWith(".AspNetCore.Antiforgery", StringComparison.Ordinal) && c.Contains("secure", StringComparison.OrdinalIgnoreCase));

        var http = await site.Browser().GetAsync("/portal/register");
        Assert.Contains(http.Headers.GetValues("Set-Cookie"), c => c.StartsWith(".AspNetCore.Antiforgery", StringComparison.Ordinal) && !c.Contains("secure", StringComparison.OrdinalIgnoreCase));
        Assert.Equal(Microsoft.AspNetCore.Http.CookieSecurePolicy.SameAsRequest,
            site.Services.GetRequiredService<IOptions<Microsoft.AspNetCore.Mvc.CookieTempDataProviderOptions>>().Value.Cookie.SecurePolicy);
    }

    private static void AssertStrict(string csp)
    {
        var script = csp.Split(';').Select(d => d.Trim()).Single(d => d.StartsWith("script-src ", StringComparison.Ordinal));
        Assert.DoesNotContain("unsafe-inline", script);
        Assert.DoesNotContain("unsafe-eval", script);
        Assert.Contains("'nonce-", script);
        Assert.Contains("object-src 'none'", csp);
        Assert.Contains("base-uri 'self'", csp);
        Assert.Contains("frame-ancestors 'self'", csp);
        Assert.DoesNotContain("'unsafe-inline'", csp.Split(';').Single(d => d.Trim().StartsWith("style-src ", StringComparison.Ordinal)));
    }

    private static void AssertInlineScriptsCarryTheNonce(string html, string csp)
    {
        var nonce = Regex.Match(csp, "'nonce-([^']+)'").Groups[1].Value;
        foreach (Match tag in Regex.Matches(html, "<(script|style)\\b[^>]*>"))
        {
            if (!tag.Value.Contains(" src=", StringComparison.Ordinal))
            {
                Assert.Contains($"nonce=\"{nonce}\"", tag.Value);
            }
        }

        Assert.DoesNotMatch(InlineHandler(), html);
    }

    [GeneratedRegex("<[a-z][^>]*\\son[a-z]+=\"", RegexOptions.IgnoreCase)]
    private static partial Regex InlineHandler();

    [GeneratedRegex("<div class=\"portal-alert[^\"]*\"[^>]*>.*?</div>", RegexOptions.Singleline)]
    private static partial Regex Alert();
}
