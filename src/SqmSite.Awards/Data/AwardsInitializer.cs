using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using SqmSite.Awards.Cycles;
using SqmSite.Cms.Data;

namespace SqmSite.Awards.Data;

/// <summary>
/// At start-up, after the engine: applies the package's migrations, seeds the first award cycle from
/// uSync/Awards/Cycles when there is none, and loads the cycles into memory.
/// </summary>
internal sealed class AwardsInitializer(IServiceScopeFactory scopes, SyncFolder syncFolder, CycleCatalog catalog,
    ILogger<AwardsInitializer> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await using (var scope = scopes.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AwardsDbContext>();
            await db.Database.MigrateAsync(cancellationToken);
            var folder = Path.Combine(syncFolder.Path, "Awards", "Cycles");
            if (!await db.Cycles.AnyAsync(cancellationToken) && Directory.Exists(folder))
            {
                var cycles = scope.ServiceProvider.GetRequiredService<CycleService>();
                foreach (var path in Directory.EnumerateFiles(folder, "*.json").Order(StringComparer.Ordinal))
                {
                    var file = CycleFile.Read(path);
                    var (_, problems) = await cycles.CreateAsync(file.Name, file.Year, file.TimeZone, file.ToDates(), file.Categories, cancellationToken);
                    foreach (var problem in problems)
                    {
                        logger.LogWarning("Seed cycle {File}: {Problem}", Path.GetFileName(path), problem);
                    }
                }
            }
        }

        await catalog.ReloadAsync(cancellationToken);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
