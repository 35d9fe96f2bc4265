using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace SqmSite.Awards.Notices;

/// <summary>
/// A pass the package runs every <see cref="StaffNoticeOptions.PollInterval"/> in a scope of its own (the staff digest,
/// the announcement of results). A failed pass is logged and the next one tries again, so each pass must be safe to
/// repeat; what it did is logged when it did anything.
/// </summary>
internal abstract class PollingPass(IServiceScopeFactory scopes, IOptions<StaffNoticeOptions> options, TimeProvider clock, ILogger logger) : BackgroundService
{
    /// <summary>Names the pass in the log ("staff digest").</summary>
    protected abstract string Name { get; }

    /// <summary>Does what is due; returns how many things it did.</summary>
    protected abstract Task<int> RunAsync(IServiceProvider services, CancellationToken cancellationToken);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.PollInterval, clock);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                var done = await RunAsync(scope.ServiceProvider, stoppingToken);
                if (done > 0)
                {
                    logger.LogInformation("The {Pass} pass did {Count} item(s)", Name, done);
                }
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogError(e, "The {Pass} pass failed; the next pass tries again", Name);
            }
        }
    }
}
