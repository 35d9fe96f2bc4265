using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using SqmSite.Cms.Data;
using SqmSite.Cms.Security;
using SqmSite.Cms.Sync;
using SqmSite.Cms.Webhooks;
using SqmSite.Testing;

namespace SqmSite.Cms.Tests;

/// <summary>
/// The engine on a real database with the seed (the "webhook disabled" email template), a receiver on loopback that
/// checks signatures with the fixture's clock, and two administrators to be emailed. One per test class.
/// </summary>
public sealed class WebhookFixture : IAsyncLifetime
{
    public static readonly string[] Administrators = ["first.admin@example.org", "second.admin@example.org"];

    public FakeTimeProvider Clock { get; } = new(new DateTimeOffset(2026, 11, 23, 12, 0, 0, TimeSpan.Zero));

    public TestDatabase Database { get; private set; } = null!;

    public WebhookReceiver Receiver { get; private set; } = null!;

    public ServiceProvider Services { get; private set; } = null!;

    public WebhookSender Sender => Services.GetRequiredService<WebhookSender>();

    public async Task InitializeAsync()
    {
        Receiver = await WebhookReceiver.StartAsync();
        Receiver.Now = () => Clock.GetUtcNow();
        Database = await TestDatabase.CreateAsync();
        Services = BuildServices();
        await using var scope = Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CmsDbContext>();
        await CmsDatabase.MigrateAsync(db, default);
        var report = await scope.ServiceProvider.GetRequiredService<SyncService>().ImportAsync(RepositoryPaths.USync);
        Assert.Empty(report.Problems);
        await AddAdministratorsAsync(db);
        await QueueChangesAsync();
    }

    /// <summary>What the sending service's pass does first: queues the deliveries of every change logged since the last call.</summary>
    public Task QueueChangesAsync() => QueueChangesAsync(Services);

    public static async Task QueueChangesAsync(IServiceProvider services)
    {
        var feed = services.GetRequiredService<WebhookChangeFeed>();
        while (await feed.QueueNextAsync())
        {
        }
    }

    /// <summary>
    /// An engine on this database (what a restart would see), with short pauses, few attempts, loopback allowed
    /// unless <paramref name="allowPrivate"/> says otherwise, and <paramref name="tweak"/> for the rest.
    /// </summary>
    public ServiceProvider BuildServices(bool allowPrivate = true, Action<WebhookOptions>? tweak = null) =>
        CmsFixture.BuildServices(Database, Clock, services => services.Configure<WebhookOptions>(o =>
        {
            o.AllowPrivateAddresses = allowPrivate;
            o.MaxAttempts = 4;
            o.RetryDelay = TimeSpan.FromMinutes(1);
            o.MaxRetryDelay = TimeSpan.FromMinutes(30);
            o.DisableAfterFailures = 6;
            o.Timeout = TimeSpan.FromSeconds(10);
            tweak?.Invoke(o);
        }));

    /// <summary>Another process on this database, started as the site starts: document types and the published snapshot loaded.</summary>
    public async Task<ServiceProvider> StartProcessAsync()
    {
        var services = BuildServices();
        await services.GetRequiredService<ContentTypes.IContentTypeService>().ReloadAsync();
        await services.GetRequiredService<Published.IPublishedContentCache>().RebuildAsync();
        return services;
    }

    public async Task<T> InScopeAsync<TService, T>(Func<TService, Task<T>> action)
        where TService : notnull
    {
        await using var scope = Services.CreateAsyncScope();
        return await action(scope.ServiceProvider.GetRequiredService<TService>());
    }

    /// <summary>Every webhook and delivery gone, and a receiver that has received nothing and answers 200.</summary>
    public async Task ResetAsync()
    {
        await using (var scope = Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<CmsDbContext>();
            await db.Set<WebhookDelivery>().ExecuteDeleteAsync();
            await db.Set<Webhook>().ExecuteDeleteAsync();
            await db.EmailMessages.ExecuteDeleteAsync();
        }

        await QueueChangesAsync();

        Receiver.Clear();
    }

    /// <summary>Registers a webhook to the receiver (or <paramref name="url"/>) and gives the receiver its secret.</summary>
    public async Task<WebhookWithSecret> RegisterAsync(string name, string[] events, string? url = null)
    {
        var created = await InScopeAsync<WebhookService, Attempt<WebhookWithSecret, WebhookOperationStatus>>(
            w => w.CreateAsync(new WebhookEdit(name, url ?? Receiver.HookUrl, events), "admin@example.org"));
        Assert.True(created.Succeeded, created.Message + " " + string.Join(" ", created.Errors.Values));
        Receiver.Secret = created.Value!.Secret;
        return created.Value;
    }

    public Task<List<WebhookDelivery>> DeliveriesAsync(Guid webhookKey) =>
        InScopeAsync<CmsDbContext, List<WebhookDelivery>>(db =>
            (from d in db.Set<WebhookDelivery>().AsNoTracking()
             join w in db.Set<Webhook>() on d.WebhookId equals w.Id
             where w.Key == webhookKey
             orderby d.Id
             select d).ToListAsync());

    public Task<Webhook> WebhookAsync(Guid key) =>
        InScopeAsync<CmsDbContext, Webhook>(db => db.Set<Webhook>().AsNoTracking().SingleAsync(w => w.Key == key));

    public async Task DisposeAsync()
    {
        await Services.DisposeAsync();
        await Receiver.DisposeAsync();
        await Database.DisposeAsync();
    }

    private static async Task AddAdministratorsAsync(CmsDbContext db)
    {
        var role = new IdentityRole(BackofficeRoles.Administrator) { NormalizedName = BackofficeRoles.Administrator.ToUpperInvariant() };
        var editor = new IdentityRole(BackofficeRoles.Editor) { NormalizedName = BackofficeRoles.Editor.ToUpperInvariant() };
        db.Roles.AddRange(role, editor);
        foreach (var email in Administrators.Append("editor@example.org"))
        {
            var user = new BackofficeUser { UserName = email, Email = email, NormalizedEmail = email.ToUpperInvariant(), NormalizedUserName = email.ToUpperInvariant(), DisplayName = email };
            db.Users.Add(user);
            db.UserRoles.Add(new IdentityUserRole<string> { UserId = user.Id, RoleId = email.StartsWith("editor", StringComparison.Ordinal) ? editor.Id : role.Id });
        }

        await db.SaveChangesAsync();
    }
}
