using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using SqmSite.Cms.ContentTypes;
using SqmSite.Cms.Data;
using SqmSite.Cms.Published;

namespace SqmSite.Cms.Sync;

/// <summary>
/// <c>dotnet run --project src/SqmSite.Web -- sync export|import|import-new [folder]</c>: moves schema and content
/// between the database and uSync files, without starting the web server.
/// </summary>
public static class SyncCommand
{
    /// <summary>Runs the command if the arguments name one. Returns the exit code, or null to start the site.</summary>
    public static async Task<int?> TryRunAsync(this WebApplication app, string[] args)
    {
        if (args.Length < 2 || args[0] != "sync")
        {
            return null;
        }

        await using var scope = app.Services.CreateAsyncScope();
        var services = scope.ServiceProvider;
        var folder = args.Length > 2 ? Path.GetFullPath(args[2]) : services.GetRequiredService<SyncFolder>().Path;
        await CmsDatabase.MigrateAsync(services.GetRequiredService<CmsDbContext>(), default);
        await services.GetRequiredService<IContentTypeService>().ReloadAsync();
        await services.GetRequiredService<IPublishedContentCache>().RebuildAsync();
        var sync = services.GetRequiredService<SyncService>();
        switch (args[1])
        {
            case "export":
                var count = await sync.ExportAsync(folder);
                Console.WriteLine($"Exported {count} files to {folder}");
                return 0;
            case "import" or "import-new":
                var newOnly = args[1] == "import-new";
                var report = newOnly ? await sync.ImportNewAsync(folder) : await sync.ImportAsync(folder);
                Console.WriteLine($"Imported {(newOnly ? "new items " : "")}from {folder}: {report}");
                foreach (var problem in report.Problems)
                {
                    Console.Error.WriteLine("  " + problem);
                }

                return report.Problems.Count == 0 ? 0 : 1;
            default:
                Console.Error.WriteLine("Usage: sync export|import|import-new [folder]");
                return 2;
        }
    }
}
