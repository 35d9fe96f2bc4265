using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using SqmSite.Cms.Data;

namespace SqmSite.Cms.Search.Index;

/// <summary>Adds the searches counted in memory to the database every half minute, and once more when the site stops.</summary>
internal sealed class SearchCountsFlusher(SearchQueryCounts counts, IServiceScopeFactory scopes, ILogger<SearchCountsFlusher> logger) : BackgroundService
{
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(30);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                await FlushAsync(stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            await FlushAsync(CancellationToken.None);
        }
    }

    private async Task FlushAsync(CancellationToken ct)
    {
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            await counts.FlushAsync(scope.ServiceProvider.GetRequiredService<CmsDbContext>(), ct);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // Counts are a help for editors, never worth a failure: these few are lost.
            logger.LogWarning(e, "Search counts could not be saved");
        }
    }
}
