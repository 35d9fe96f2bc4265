using System.Data.Common;
using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using SqmSite.Cms.Content;
using SqmSite.Cms.Data;
using SqmSite.Cms.Notifications;
using SqmSite.Cms.Published;
using SqmSite.Cms.Security;
using SqmSite.Testing;

namespace SqmSite.Web.Tests;

/// <summary>
/// The whole site in-process on its own database (SQLite, or PostgreSQL under test.sh), seeded from uSync
/// through the real start-up path, with one user per backoffice role.
/// </summary>
public class SiteFactory : WebApplicationFactory<Program>, IAsyncLifetime
{
    public const string Password = "Test-Password-123";

    private TestDatabase _database = null!;

    private readonly bool _sharesDatabase;

    public SiteFactory()
    {
    }

    /// <summary>Another instance of a site on <paramref name="shared"/>'s database and media (what a second server behind a load balancer is).</summary>
    protected SiteFactory(TestDatabase shared)
    {
        _database = shared;
        _sharesDatabase = true;
    }

    /// <summary>This site's database, and its media folder.</summary>
    public TestDatabase Database => _database;

    /// <summary>This instance's search index folder.</summary>
    protected virtual string SearchRoot => _database.SearchRoot;

    /// <summary>This instance's name on the backoffice's list of instances.</summary>
    protected virtual string InstanceName => "first";

    /// <summary>
    /// How often it reads the change log unwoken: an hour, so background reads never land inside a test that counts
    /// database commands (a single instance follows its own changes without it).
    /// </summary>
    protected virtual TimeSpan FollowInterval => TimeSpan.FromHours(1);

    public CommandCounter Commands { get; } = new();

    public RefusePublishing Refuse { get; } = new();

    protected virtual bool UnattendedInstall => true;

    public static string UserFor(string role) => $"{role.ToLowerInvariant()}@example.org";

    public async Task InitializeAsync()
    {
        if (_sharesDatabase)
        {
            _ = Server;
            return;
        }

        _database = await TestDatabase.CreateAsync();
        if (UnattendedInstall)
        {
            await SeedUsersAsync();
        }
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Production");
        builder.UseSetting("SqmSite:Database:Provider", _database.Provider);
        builder.UseSetting("ConnectionStrings:SqmSite", _database.ConnectionString);
        builder.UseSetting("SqmSite:Media:Root", _database.MediaRoot);
        builder.UseSetting("SqmSite:Search:IndexRoot", SearchRoot);
        builder.UseSetting("SqmSite:Instance:Name", InstanceName);
        builder.UseSetting("SqmSite:Instance:PollInterval", FollowInterval.ToString("c", System.Globalization.CultureInfo.InvariantCulture));
        builder.UseSetting("SqmSite:SyncFolder", RepositoryPaths.USync);
        builder.UseSetting("SqmSite:SchedulerInterval", "01:00:00");
        builder.UseSetting("SqmSite:PublicBaseUrl", "http://localhost");
        if (UnattendedInstall)
        {
            builder.UseSetting("SqmSite:Install:AdminEmail", UserFor(BackofficeRoles.Administrator));
            builder.UseSetting("SqmSite:Install:AdminPassword", Password);
        }

        builder.ConfigureTestServices(services =>
        {
            services.AddSingleton(Commands);
            services.AddSingleton(Refuse);
            services.ConfigureDbContext<SqliteCmsDbContext>(o => o.AddInterceptors(Commands));
            services.ConfigureDbContext<PostgreSqlCmsDbContext>(o => o.AddInterceptors(Commands));
            services.AddNotificationHandler<ContentPublishingNotification, RefusePublishingHandler>();
        });
    }

    /// <summary>A client that keeps cookies and does not follow redirects, so tests see each answer.</summary>
    public HttpClient Browser() => CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });

    /// <summary>A client signed in as the test user of <paramref name="role"/>.</summary>
    public async Task<HttpClient> SignedInAsync(string role)
    {
        var client = Browser();
        var response = await client.PostFormAsync("/backoffice/login", new() { ["Email"] = UserFor(role), ["Password"] = Password });
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        return client;
    }

    public async Task<T> WithServicesAsync<T>(Func<IServiceProvider, Task<T>> action)
    {
        await using var scope = Services.CreateAsyncScope();
        return await action(scope.ServiceProvider);
    }

    public PublishedSnapshot Snapshot => Services.GetRequiredService<IPublishedContentCache>().Snapshot;

    private async Task SeedUsersAsync()
    {
        // Start the host (migrations, seed, administrator), then add one user per other role.
        _ = Server;
        await WithServicesAsync(async services =>
        {
            var users = services.GetRequiredService<UserManager<BackofficeUser>>();
            foreach (var role in BackofficeRoles.All.Where(r => r != BackofficeRoles.Administrator))
            {
                var user = new BackofficeUser { UserName = UserFor(role), Email = UserFor(role), EmailConfirmed = true, DisplayName = role + " user" };
                var result = await users.CreateAsync(user, Password);
                Assert.True(result.Succeeded, string.Join(" ", result.Errors.Select(e => e.Description)));
                await users.AddToRoleAsync(user, role);
            }

            return 0;
        });
    }

    async Task IAsyncLifetime.DisposeAsync()
    {
        await DisposeAsync();
        if (!_sharesDatabase)
        {
            await _database.DisposeAsync();
        }
    }
}

/// <summary>The site before anyone has set it up: no administrator in the settings.</summary>
public sealed class FreshSiteFactory : SiteFactory
{
    protected override bool UnattendedInstall => false;
}

/// <summary>Counts database commands, to prove that warm public pages do not touch the database.</summary>
public sealed class CommandCounter : DbCommandInterceptor
{
    private int _count;

    public int Count => _count;

    public void Reset() => Interlocked.Exchange(ref _count, 0);

    public override InterceptionResult<DbDataReader> ReaderExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result)
    {
        Interlocked.Increment(ref _count);
        return result;
    }

    public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(DbCommand command, CommandEventData eventData,
        InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref _count);
        return ValueTask.FromResult(result);
    }
}

/// <summary>Lets a test refuse the publishing of one page, as the awards package will for a winner without consent.</summary>
public sealed class RefusePublishing
{
    public Guid? Key { get; set; }
}

internal sealed class RefusePublishingHandler(RefusePublishing refuse) : INotificationHandler<ContentPublishingNotification>
{
    public Task HandleAsync(ContentPublishingNotification notification, CancellationToken cancellationToken)
    {
        if (notification.Node.Key == refuse.Key)
        {
            notification.Cancel("The winner has not given consent to publish.");
        }

        return Task.CompletedTask;
    }
}

public static partial class HttpClientFormExtensions
{
    /// <summary>Fetches the form page for its antiforgery token, then posts the fields with it (as a browser does).</summary>
    public static async Task<HttpResponseMessage> PostFormAsync(this HttpClient client, string url, Dictionary<string, string> fields,
        string? formPageUrl = null)
    {
        var page = await client.GetStringAsync(formPageUrl ?? url.Split('?')[0]);
        var token = AntiforgeryToken().Match(page);
        Assert.True(token.Success, "No antiforgery token on " + (formPageUrl ?? url));
        var body = new Dictionary<string, string>(fields) { ["__RequestVerificationToken"] = WebUtility.HtmlDecode(token.Groups[1].Value) };
        return await client.PostAsync(url, new FormUrlEncodedContent(body));
    }

    public static async Task<HttpResponseMessage> PostMultiValueFormAsync(this HttpClient client, string url, IEnumerable<KeyValuePair<string, string>> fields,
        string formPageUrl)
    {
        var page = await client.GetStringAsync(formPageUrl);
        var token = AntiforgeryToken().Match(page);
        Assert.True(token.Success, "No antiforgery token on " + formPageUrl);
        var body = fields.Append(new("__RequestVerificationToken", WebUtility.HtmlDecode(token.Groups[1].Value)));
        return await client.PostAsync(url, new FormUrlEncodedContent(body));
    }

    /// <summary>Posts a file (multipart, as a browser's file input does) with the antiforgery token of <paramref name="formPageUrl"/>; null leaves the token out.</summary>
    public static async Task<HttpResponseMessage> PostFileAsync(this HttpClient client, string url, string field, byte[] file, string fileName,
        Dictionary<string, string>? fields, string? formPageUrl)
    {
        var form = new MultipartFormDataContent();
        var content = new ByteArrayContent(file);
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/octet-stream");
        form.Add(content, field, fileName);
        foreach (var (name, value) in fields ?? [])
        {
            form.Add(new StringContent(value), name);
        }

        if (formPageUrl is not null)
        {
            var page = await client.GetStringAsync(formPageUrl);
            var token = AntiforgeryToken().Match(page);
            Assert.True(token.Success, "No antiforgery token on " + formPageUrl + ": " + page);
            form.Add(new StringContent(WebUtility.HtmlDecode(token.Groups[1].Value)), "__RequestVerificationToken");
        }

        return await client.PostAsync(url, form);
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryToken();
}

/// <summary>A second instance of a site: the same database and media folder, its own process state.</summary>
public sealed class SecondInstanceFactory(TestDatabase shared) : SiteFactory(shared)
{
    /// <summary>Each instance keeps its own search index.</summary>
    protected override string SearchRoot => Database.SearchRootFor("second");

    protected override string InstanceName => "second";

    /// <summary>On PostgreSQL a commit's NOTIFY wakes it (an hour's poll proves that); SQLite has only the poll.</summary>
    protected override TimeSpan FollowInterval => Database.IsPostgres ? TimeSpan.FromHours(1) : TimeSpan.FromMilliseconds(200);
}
