using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SqmSite.Awards.Notices;

namespace SqmSite.Awards.Judging;

/// <summary>
/// Announces decided categories once the cycle's announcement time has come, on the same short poll as the staff
/// digest: entrants learn the outcome within minutes of the time and never before it. Safe on several instances: a
/// decision is announced in one transaction, and a second instance finds it announced.
/// </summary>
internal sealed class AnnouncementService(IServiceScopeFactory scopes, IOptions<StaffNoticeOptions> options, TimeProvider clock,
    ILogger<AnnouncementService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.PollInterval, clock);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                var announced = await scope.ServiceProvider.GetRequiredService<ResultsService>().AnnounceDueAsync(stoppingToken);
                if (announced > 0)
                {
                    logger.LogInformation("Announced the results of {Count} categor(ies)", announced);
                }
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogError(e, "The announcement pass failed; the next pass tries again");
            }
        }
    }
}
