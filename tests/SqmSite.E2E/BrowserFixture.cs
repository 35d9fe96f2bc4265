using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using SqmSite.Cms.Security;
using SqmSite.Testing;
using SqmSite.E2E.Pages;

namespace SqmSite.E2E;

/// <summary>
/// The site on a real Kestrel port with its own database, and Debian's Chromium driven by Playwright.
/// Users are made through the app's own services, as an administrator would.
/// </summary>
public class BrowserFixture : IAsyncLifetime
{
    public const string EditorEmail = "editor@example.org";
    public const string Password = "E2e-Password-123";

    private TestDatabase _database = null!;
    private KestrelSite _site = null!;
    private IPlaywright _playwright = null!;

    public IBrowser Browser { get; private set; } = null!;

    public string BaseUrl { get; private set; } = "";

    public IServiceProvider Services => _site.Services;

    /// <summary>A real SMTP server on loopback that the site's background sender delivers to.</summary>
    public SmtpSink Sink { get; } = SmtpSink.Start();

    /// <summary>Where screenshots go: artifacts/screenshots at the repository root.</summary>
    public static string ScreenshotFolder { get; } = Directory.CreateDirectory(Path.Combine(RepositoryPaths.Root, "artifacts", "screenshots")).FullName;

    /// <summary>
    /// False for a site on its first run: no unattended install and no users, so it waits for the one-time setup link.
    /// </summary>
    protected virtual bool Installed => true;

    public async Task InitializeAsync()
    {
        _database = await TestDatabase.CreateAsync();
        _site = new KestrelSite(_database, Sink, Installed);
        _site.StartServer();
        BaseUrl = _site.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First().TrimEnd('/');

        if (Installed)
        {
            await using var scope = _site.Services.CreateAsyncScope();
            var users = scope.ServiceProvider.GetRequiredService<UserManager<BackofficeUser>>();
            var editor = new BackofficeUser { UserName = EditorEmail, Email = EditorEmail, EmailConfirmed = true, DisplayName = "Erin Editor" };
            var created = await users.CreateAsync(editor, Password);
            Assert.True(created.Succeeded);
            await users.AddToRoleAsync(editor, BackofficeRoles.Editor);
        }

        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Environment.GetEnvironmentVariable("SQMSITE_CHROMIUM") is { Length: > 0 } path ? path : "/usr/bin/chromium",
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
        });
    }

    public async Task<IPage> NewPageAsync(int width = 1280, int height = 900)
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = width, Height = height }, BaseURL = BaseUrl });
        return await context.NewPageAsync();
    }

    /// <summary>The staff user of each role that <see cref="BackofficePageAsync"/> signs in; the administrator is made by the install.</summary>
    public static string StaffEmail(string role) => role == BackofficeRoles.Administrator ? "admin@example.org" : $"{role.ToLowerInvariant()}@example.org";

    private readonly Dictionary<string, string> _signedIn = [];
    private readonly SemaphoreSlim _signInLock = new(1, 1);

    /// <summary>
    /// A page already signed in to the backoffice as a user of <paramref name="role"/>. The first call per role makes
    /// the user (through Identity, as an administrator would) and signs in through the login page; later calls reuse
    /// that browser state, so a test starts at the page it is about.
    /// </summary>
    public async Task<IPage> BackofficePageAsync(string role, int width = 1366, int height = 900)
    {
        var state = await SignedInStateAsync("backoffice:" + role, async page =>
        {
            if (role != BackofficeRoles.Administrator && role != BackofficeRoles.Editor)
            {
                await EnsureBackofficeUserAsync(StaffEmail(role), role, $"{role} User");
            }

            await SignInPage.OpenAndSubmitAsync(page, "/backoffice/login", role == BackofficeRoles.Editor ? EditorEmail : StaffEmail(role), Password);
            await page.WaitForURLAsync(url => !url.Contains("/backoffice/login", StringComparison.Ordinal));
        });
        return await PageWithStateAsync(state, width, height);
    }

    /// <summary>
    /// A page signed in to the portal as the owner of a new, confirmed organization (made through the portal's own
    /// registration service). One state per <paramref name="email"/>.
    /// </summary>
    public async Task<IPage> NomineePageAsync(string email, string organizationName, int width = 1366, int height = 900)
    {
        var state = await SignedInStateAsync("portal:" + email, async page =>
        {
            await using (var scope = Services.CreateAsyncScope())
            {
                var registered = await scope.ServiceProvider.GetRequiredService<SqmSite.Awards.Portal.NomineeAccounts>()
                    .RegisterAsync(organizationName, null, false, organizationName + " Contact", email, Password);
                Assert.True(registered.Succeeded, string.Join("; ", registered.Errors.Values));
                registered.Value!.User!.EmailConfirmed = true;
                await scope.ServiceProvider.GetRequiredService<UserManager<BackofficeUser>>().UpdateAsync(registered.Value!.User!);
            }

            await SignInPage.OpenAndSubmitAsync(page, "/portal/login", email, Password);
            await page.WaitForURLAsync(url => !url.Contains("/portal/login", StringComparison.Ordinal));
        });
        return await PageWithStateAsync(state, width, height);
    }

    /// <summary>Makes a confirmed backoffice user with one role, unless one with that address exists.</summary>
    public async Task EnsureBackofficeUserAsync(string email, string role, string displayName)
    {
        await using var scope = Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<BackofficeUser>>();
        if (await users.FindByEmailAsync(email) is not null)
        {
            return;
        }

        var user = new BackofficeUser { UserName = email, Email = email, EmailConfirmed = true, DisplayName = displayName };
        var created = await users.CreateAsync(user, Password);
        Assert.True(created.Succeeded, string.Join("; ", created.Errors.Select(e => e.Description)));
        await users.AddToRoleAsync(user, role);
    }

    /// <summary>Runs <paramref name="action"/> in a fresh DI scope of the running site (arrange and assert through its services).</summary>
    public async Task<T> WithServicesAsync<T>(Func<IServiceProvider, Task<T>> action)
    {
        await using var scope = Services.CreateAsyncScope();
        return await action(scope.ServiceProvider);
    }

    /// <summary>A full-page screenshot in artifacts/screenshots, named <paramref name="name"/>-{width}.png.</summary>
    /// <summary>
    /// Clicks <paramref name="target"/> and waits for the download it starts (a minute: the CI machine's two cores are
    /// busy). When none comes, the failure says what the page's navigations answered instead, so a server error or a
    /// refused form reads as that and not as a bare timeout.
    /// </summary>
    public static async Task<IDownload> DownloadAsync(IPage page, ILocator target)
    {
        var seen = new List<string>();
        void OnResponse(object? sender, IResponse response)
        {
            if (response.Request.IsNavigationRequest)
            {
                lock (seen) { seen.Add($"{response.Status} {response.Request.Method} {response.Url}"); }
            }
        }

        void OnFailed(object? sender, IRequest request)
        {
            lock (seen) { seen.Add($"failed ({request.Failure}) {request.Method} {request.Url}"); }
        }

        page.Response += OnResponse;
        page.RequestFailed += OnFailed;
        try
        {
            return await page.RunAndWaitForDownloadAsync(() => target.ClickAsync(), new() { Timeout = 60_000 });
        }
        catch (TimeoutException e)
        {
            lock (seen) { throw new TimeoutException($"No download within a minute of the click; the page saw: {(seen.Count == 0 ? "nothing" : string.Join("; ", seen))}", e); }
        }
        finally
        {
            page.Response -= OnResponse;
            page.RequestFailed -= OnFailed;
        }
    }

    public static async Task ScreenshotAsync(IPage page, string name)
    {
        var width = page.ViewportSize?.Width ?? 0;
        await page.ScreenshotAsync(new() { Path = Path.Combine(ScreenshotFolder, $"{name}-{width}.png"), FullPage = true });
    }

    /// <summary>Fails when the page is wider than its viewport (the whole page scrolls sideways).</summary>
    public static async Task AssertNoSidewaysScrollAsync(IPage page, string what)
    {
        var widths = await page.EvaluateAsync<int[]>("() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]");
        var (scroll, client) = (widths[0], widths[1]);
        Assert.True(scroll <= client, $"{what}: the page is {scroll} px wide in a {client} px viewport");
    }

    private async Task<string> SignedInStateAsync(string key, Func<IPage, Task> signIn)
    {
        await _signInLock.WaitAsync();
        try
        {
            if (!_signedIn.TryGetValue(key, out var state))
            {
                await using var context = await Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = BaseUrl });

                // As patient as the tests' own steps (the CI machine's cores are shared), and when the sign-in does not
                // get through, the failure says where the page was and what it said rather than timing out bare.
                context.SetDefaultTimeout(PortalTestSteps.Timeout);
                context.SetDefaultNavigationTimeout(PortalTestSteps.Timeout);
                var page = await context.NewPageAsync();
                try
                {
                    await signIn(page);
                }
                catch (TimeoutException e)
                {
                    var said = await page.Locator("main").InnerTextAsync(new() { Timeout = 5_000 }).ContinueWith(t => t.IsCompletedSuccessfully ? t.Result : "(no main)", TaskScheduler.Default);
                    throw new TimeoutException($"Signing in as {key} did not get through: the page is {page.Url} and says: {said[..Math.Min(said.Length, 500)]}", e);
                }

                state = await context.StorageStateAsync();
                _signedIn[key] = state;
            }

            return state;
        }
        finally
        {
            _signInLock.Release();
        }
    }

    private async Task<IPage> PageWithStateAsync(string state, int width, int height)
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            ViewportSize = new ViewportSize { Width = width, Height = height }, BaseURL = BaseUrl, StorageState = state,
        });
        return await context.NewPageAsync();
    }

    private static readonly string Axe = Path.Combine(AppContext.BaseDirectory, "axe", "axe.min.js");

    /// <summary>Runs axe-core on the page as it is and fails with every WCAG 2.1 A/AA violation it finds.</summary>
    public static async Task AssertAccessibleAsync(IPage page, string what)
    {
        // Evaluated through the DevTools protocol, not added as an inline <script>, which the site's CSP refuses.
        await page.EvaluateAsync(await File.ReadAllTextAsync(Axe) + "\n;true");
        var json = await page.EvaluateAsync<System.Text.Json.JsonElement>("""
            async () => {
              const r = await axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } });
              return r.violations.map(v => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.slice(0, 3).map(n => n.target.join(' ')) }));
            }
            """);
        var violations = json.EnumerateArray().Select(v => v.ToString()).ToList();
        Assert.True(violations.Count == 0, $"{what}:\n" + string.Join("\n", violations));
    }

    /// <summary>The first link matching <paramref name="link"/> in the latest email to <paramref name="address"/> that reached the SMTP sink.</summary>
    public async Task<string> LinkFromSinkAsync(string address, System.Text.RegularExpressions.Regex link)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (DateTime.UtcNow < deadline)
        {
            if (Sink.To(address).LastOrDefault() is { } mail && link.Match(mail.Message.HtmlBody ?? "") is { Success: true } match)
            {
                return System.Net.WebUtility.HtmlDecode(match.Value);
            }

            await Task.Delay(200);
        }

        throw new TimeoutException($"No email with a link like {link} reached the SMTP sink for {address}.");
    }

    public async Task DisposeAsync()
    {
        await Browser.DisposeAsync();
        _playwright.Dispose();
        await _site.DisposeAsync();
        await _database.DisposeAsync();
        await Sink.DisposeAsync();
    }

    private sealed class KestrelSite : WebApplicationFactory<Program>
    {
        private readonly TestDatabase _database;
        private readonly SmtpSink _sink;

        private readonly bool _installed;

        public KestrelSite(TestDatabase database, SmtpSink sink, bool installed)
        {
            _database = database;
            _sink = sink;
            _installed = installed;
            UseKestrel(0);
        }

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            // Development serves the backoffice's static assets straight from the project, as `dotnet run` does.
            builder.UseEnvironment("Development");
            builder.UseSetting("SqmSite:Database:Provider", _database.Provider);
            builder.UseSetting("ConnectionStrings:SqmSite", _database.ConnectionString);
            builder.UseSetting("SqmSite:Media:Root", _database.MediaRoot);
            builder.UseSetting("SqmSite:Search:IndexRoot", _database.SearchRoot);
            builder.UseSetting("SqmSite:SyncFolder", RepositoryPaths.USync);
            if (_installed)
            {
                builder.UseSetting("SqmSite:Install:AdminEmail", "admin@example.org");
                builder.UseSetting("SqmSite:Install:AdminPassword", Password);
            }

            builder.UseSetting("urls", "http://127.0.0.1:0");
            // Every browser test posts from one address: a class of form tests posts more in a minute than the public limit (10)
            // lets one visitor, and the last test's post was refused (429) when run after the others. SqmSite.Web.Tests covers the limit.
            builder.UseSetting("SqmSite:PublicPostsPerMinute", "1000");
            builder.UseSetting("SqmSite:Email:Mode", "Smtp");
            builder.UseSetting("SqmSite:Email:From", "Awards <awards@example.org>");
            builder.UseSetting("SqmSite:Email:Smtp:Host", _sink.Host);
            builder.UseSetting("SqmSite:Email:Smtp:Port", _sink.Port.ToString(System.Globalization.CultureInfo.InvariantCulture));
            builder.UseSetting("SqmSite:Email:Smtp:Security", "None");
            builder.UseSetting("SqmSite:Email:PollInterval", "00:00:01");
        }
    }
}
