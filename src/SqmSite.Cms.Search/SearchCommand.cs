using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using SqmSite.Cms.ContentTypes;
using SqmSite.Cms.Data;
using SqmSite.Cms.Published;
using SqmSite.Cms.Search.Index;

namespace SqmSite.Cms.Search;

/// <summary>
/// <c>dotnet run --project src/SqmSite.Web -- search rebuild|status</c>: rebuilds this machine's index beside the live
/// one without starting the web server. A site running on the same folder switches to the new index on its next pass.
/// </summary>
public static class SearchCommand
{
    /// <summary>Runs the command if the arguments name one. Returns the exit code, or null to start the site.</summary>
    public static async Task<int?> TryRunSearchAsync(this WebApplication app, string[] args)
    {
        if (args.Length < 2 || args[0] != "search")
        {
            return null;
        }

        await using var scope = app.Services.CreateAsyncScope();
        var services = scope.ServiceProvider;
        await CmsDatabase.MigrateAsync(services.GetRequiredService<CmsDbContext>(), default);
        await services.GetRequiredService<IContentTypeService>().ReloadAsync();
        await services.GetRequiredService<IPublishedContentCache>().RebuildAsync();
        var index = services.GetRequiredService<SearchIndex>();
        switch (args[1])
        {
            case "rebuild":
                // The live index is not opened: a site may be running on it. The new one is named live when complete,
                // and the site switches to it (and removes the old folder) on its next pass.
                var started = DateTime.UtcNow;
                var ok = await index.RebuildAsync("asked from the command line");
                var state = index.State();
                Console.WriteLine(ok
                    ? $"Search index rebuilt in {(DateTime.UtcNow - started).TotalSeconds:0.0} s: {state.Documents} documents in {state.Folder}"
                    : $"Search index rebuild failed: {state.Rebuild?.Failure}");
                index.Dispose();
                return ok ? 0 : 1;
            case "status":
                Console.WriteLine(index.Describe());
                return 0;
            default:
                Console.Error.WriteLine("Usage: search rebuild|status");
                return 2;
        }
    }
}
