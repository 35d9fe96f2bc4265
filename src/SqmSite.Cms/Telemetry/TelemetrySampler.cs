using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using SqmSite.Cms.Content;
using SqmSite.Cms.Data;
using SqmSite.Cms.Email;
using SqmSite.Cms.Published;
using SqmSite.Cms.Webhooks;

namespace SqmSite.Cms.Telemetry;

/// <summary>Reads the queue lengths and this instance's lag every fifteen seconds, for the gauges of <see cref="SiteMetrics"/>.</summary>
internal sealed class TelemetrySampler(SiteMetrics metrics, IServiceScopeFactory scopes, IPublishedContentCache cache, ILogger<TelemetrySampler> logger)
    : BackgroundService
{
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(15);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval);
        do
        {
            try
            {
                await SampleAsync(stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogDebug(e, "Could not sample the queues");
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    internal async Task SampleAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CmsDbContext>();
        metrics.Queued = await db.EmailMessages.CountAsync(m => m.Status == EmailStatus.Queued || m.Status == EmailStatus.Sending, ct);
        metrics.PendingDeliveries = await db.Set<WebhookDelivery>().CountAsync(d => d.Status == WebhookDeliveryStatus.Pending || d.Status == WebhookDeliveryStatus.Failed, ct);
        var position = cache.Snapshot.ChangePosition;
        metrics.ChangesBehind = await db.Set<ContentChange>().CountAsync(c => c.Id > position && ContentChange.ContentKinds.Contains(c.Kind), ct);
    }
}
