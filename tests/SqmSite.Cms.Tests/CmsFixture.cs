using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using SqmSite.Cms;
using SqmSite.Cms.Content;
using SqmSite.Cms.ContentTypes;
using SqmSite.Cms.Data;
using SqmSite.Cms.Notifications;
using SqmSite.Cms.Published;
using SqmSite.Cms.Sync;
using SqmSite.Testing;

namespace SqmSite.Cms.Tests;

/// <summary>
/// The engine on a real database (SQLite, or PostgreSQL when test.sh provides one), with the seed content
/// imported and a clock the tests control. One per test class.
/// </summary>
public sealed class CmsFixture : IAsyncLifetime
{
    public FakeTimeProvider Clock { get; } = new(new DateTimeOffset(2026, 11, 23, 12, 0, 0, TimeSpan.Zero));

    public TestDatabase Database { get; private set; } = null!;

    public ServiceProvider Services { get; private set; } = null!;

    public SyncReport SeedImport { get; private set; } = null!;

    public IPublishedContentCache Cache => Services.GetRequiredService<IPublishedContentCache>();

    public async Task InitializeAsync()
    {
        Database = await TestDatabase.CreateAsync();
        Services = BuildServices(Database, Clock);
        await using var scope = Services.CreateAsyncScope();
        await CmsDatabase.MigrateAsync(scope.ServiceProvider.GetRequiredService<CmsDbContext>(), default);
        SeedImport = await scope.ServiceProvider.GetRequiredService<SyncService>().ImportAsync(RepositoryPaths.USync);
    }

    /// <summary>A second engine on the same database: what a restart of the site would see.</summary>
    public static ServiceProvider BuildServices(TestDatabase database, TimeProvider clock, Action<IServiceCollection>? configure = null)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(database.Settings).Build();
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton(clock);
        services.AddSqmCmsCore(configuration, RepositoryPaths.WebProject);
        services.AddSingleton<CancelPublishing>();
        services.AddNotificationHandler<ContentPublishingNotification, CancelPublishingHandler>();
        configure?.Invoke(services);
        return services.BuildServiceProvider(new ServiceProviderOptions { ValidateScopes = true });
    }

    public Task<T> InScopeAsync<T>(Func<ContentService, Task<T>> action) => InScopeAsync<ContentService, T>(action);

    /// <summary>Runs <paramref name="action"/> with a service of a fresh scope, as one request would.</summary>
    public async Task<T> InScopeAsync<TService, T>(Func<TService, Task<T>> action)
        where TService : notnull
    {
        await using var scope = Services.CreateAsyncScope();
        return await action(scope.ServiceProvider.GetRequiredService<TService>());
    }

    public async Task DisposeAsync()
    {
        await Services.DisposeAsync();
        await Database.DisposeAsync();
    }
}

/// <summary>Lets a test refuse publishing of a chosen item, as a package would through the notification.</summary>
public sealed class CancelPublishing
{
    public Guid? RefuseKey { get; set; }

    public string Reason { get; set; } = "";
}

internal sealed class CancelPublishingHandler(CancelPublishing settings) : INotificationHandler<ContentPublishingNotification>
{
    public Task HandleAsync(ContentPublishingNotification notification, CancellationToken cancellationToken)
    {
        if (notification.Node.Key == settings.RefuseKey)
        {
            notification.Cancel(settings.Reason);
        }

        return Task.CompletedTask;
    }
}

/// <summary>Short ways to make content in tests.</summary>
public static class ContentTestExtensions
{
    public static ContentEdit Page(string name, string? segment = null, string body = "<p>Body</p>", string summary = "A summary.") =>
        new(name, segment, new Dictionary<string, string?> { ["summary"] = summary, ["body"] = body });

    public static async Task<ContentNode> CreatePageAsync(this ContentService content, IPublishedContentCache cache, string name,
        string? segment = null, bool publish = true, int? parentId = null)
    {
        parentId ??= cache.Snapshot.Home!.Id;
        var created = await content.CreateAsync(parentId, "contentPage", Page(name, segment), "test");
        Assert.True(created.Succeeded, created.Message + " " + string.Join(" ", created.Errors.Values));
        if (publish)
        {
            var published = await content.PublishAsync(created.Value!.Id, "test");
            Assert.True(published.Succeeded, published.Message);
        }

        return created.Value!;
    }
}
