using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SqmSite.Cms.ContentTypes;
using SqmSite.Cms.Published;
using SqmSite.Cms.Security;
using SqmSite.Cms.Sync;

namespace SqmSite.Cms.Data;

/// <summary>
/// Brings the database and the in-memory snapshot up before the server takes requests:
/// migrations, the uSync import (everything on an empty database, else only new items), the install step,
/// then the published cache.
/// </summary>
internal sealed class CmsInitializer(IServiceScopeFactory scopes, IOptions<CmsOptions> options, SyncFolder syncFolder,
    ILogger<CmsInitializer> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var services = scope.ServiceProvider;
        await CmsDatabase.MigrateAsync(services.GetRequiredService<CmsDbContext>(), cancellationToken);

        var sync = services.GetRequiredService<SyncService>();
        var empty = await sync.IsDatabaseEmptyAsync(cancellationToken);
        if (empty && options.Value.ImportOnEmptyDatabase)
        {
            logger.LogInformation("Empty database: importing uSync from {Folder}", syncFolder.Path);
            await sync.ImportAsync(syncFolder.Path, cancellationToken);
        }
        else if (!empty && options.Value.ImportNewItemsOnStart)
        {
            // A release's new email templates, forms and document types reach a site that already has content.
            await sync.ImportNewAsync(syncFolder.Path, cancellationToken);
        }

        await services.GetRequiredService<IContentTypeService>().ReloadAsync(cancellationToken);
        await services.GetRequiredService<IPublishedContentCache>().RebuildAsync(cancellationToken);
        await services.GetRequiredService<InstallService>().RunAsync();
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}

/// <summary>Schema upkeep shared by the site, the sync command and the tests.</summary>
public static class CmsDatabase
{
    /// <summary>Applies this provider's migrations (never EnsureCreated).</summary>
    public static async Task MigrateAsync(CmsDbContext db, CancellationToken ct)
    {
        if (db.Database.IsSqlite())
        {
            // WAL lets readers carry on while a writer commits.
            await db.Database.OpenConnectionAsync(ct);
            await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", ct);
            await db.Database.CloseConnectionAsync();
        }

        await db.Database.MigrateAsync(ct);
    }
}

/// <summary>Where the uSync files are: the configured folder, found from the content root upwards.</summary>
public sealed class SyncFolder(string path)
{
    public string Path { get; } = path;

    public static SyncFolder Resolve(string contentRoot, string configured)
    {
        if (System.IO.Path.IsPathRooted(configured))
        {
            return new SyncFolder(configured);
        }

        // Run from the repository, src/SqmSite.Web is the content root and uSync sits two levels up;
        // a published build carries uSync beside the application.
        var dir = new DirectoryInfo(contentRoot);
        for (var level = 0; dir is not null && level < 4; level++, dir = dir.Parent)
        {
            var candidate = System.IO.Path.Combine(dir.FullName, configured);
            if (Directory.Exists(candidate))
            {
                return new SyncFolder(candidate);
            }
        }

        return new SyncFolder(System.IO.Path.Combine(contentRoot, configured));
    }
}
