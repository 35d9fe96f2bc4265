using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SqmSite.Cms.Content;
using SqmSite.Cms.Data;

namespace SqmSite.Cms.Scheduling;

/// <summary>
/// Publishes and unpublishes content whose scheduled time has come. The schedule lives in the database,
/// so a restart loses nothing: the first pass after start-up catches up on anything overdue. Several instances may run
/// passes at once: each action is claimed with a conditional UPDATE first, so it happens once.
/// </summary>
public sealed class ScheduledPublisher(IServiceScopeFactory scopes, TimeProvider clock, ILogger<ScheduledPublisher> logger)
{
    public const string Author = "Scheduler";

    /// <summary>How long a claimed action waits before another pass may take it again (its process died mid-way).</summary>
    internal static readonly TimeSpan Lease = TimeSpan.FromMinutes(5);

    /// <summary>Runs every due action once. Returns how many items it changed.</summary>
    public async Task<int> RunDueAsync(CancellationToken ct = default)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CmsDbContext>();
        var content = scope.ServiceProvider.GetRequiredService<ContentService>();
        var now = clock.GetUtcNow().UtcDateTime;
        var changed = 0;

        var toPublish = await db.ContentNodes.AsNoTracking().Where(n => n.PublishAtUtc != null && n.PublishAtUtc <= now)
            .Select(n => new { n.Id, Due = n.PublishAtUtc }).ToListAsync(ct);
        foreach (var (id, due) in toPublish.Select(x => (x.Id, x.Due)))
        {
            // Claimed first: the due time moves out by the lease only if it is still the one read, so of two instances
            // one publishes; a publish clears it, and if this process dies first the next pass after the lease retries.
            if (await db.ContentNodes.Where(n => n.Id == id && n.PublishAtUtc == due)
                    .ExecuteUpdateAsync(u => u.SetProperty(n => n.PublishAtUtc, now + Lease), ct) != 1)
            {
                continue;
            }

            var result = await content.PublishAsync(id, Author, ct);
            if (!result.Succeeded)
            {
                // A refused scheduled publish is not retried forever: the editor sees it is still a draft.
                logger.LogWarning("Scheduled publish of content {Id} failed: {Message}", id, result.Message);
                var node = await content.GetNodeAsync(id, ct);
                await content.ScheduleAsync(id, null, node?.UnpublishAtUtc is { } u && u > now ? u : null, ct);
            }
            else
            {
                changed++;
            }
        }

        var toUnpublish = await db.ContentNodes.AsNoTracking().Where(n => n.UnpublishAtUtc != null && n.UnpublishAtUtc <= now)
            .Select(n => new { n.Id, Due = n.UnpublishAtUtc }).ToListAsync(ct);
        foreach (var (id, due) in toUnpublish.Select(x => (x.Id, x.Due)))
        {
            if (await db.ContentNodes.Where(n => n.Id == id && n.UnpublishAtUtc == due)
                    .ExecuteUpdateAsync(u => u.SetProperty(n => n.UnpublishAtUtc, now + Lease), ct) != 1)
            {
                continue;
            }

            var result = await content.UnpublishAsync(id, Author, ct);
            if (result.Succeeded)
            {
                changed++;
            }
            else
            {
                logger.LogWarning("Scheduled unpublish of content {Id} did not happen: {Message}", id, result.Message);
                var node = await content.GetNodeAsync(id, ct);
                await content.ScheduleAsync(id, node?.PublishAtUtc is { } p && p > now ? p : null, null, ct);
            }
        }

        return changed;
    }
}

internal sealed class ScheduledPublishingService(ScheduledPublisher publisher, IOptions<CmsOptions> options, TimeProvider clock,
    ILogger<ScheduledPublishingService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.SchedulerInterval, clock);
        do
        {
            try
            {
                await publisher.RunDueAsync(stoppingToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                logger.LogError(ex, "The scheduled publishing pass failed; it runs again at the next interval.");
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }
}
