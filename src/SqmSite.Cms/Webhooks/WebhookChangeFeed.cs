using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using SqmSite.Cms.Content;
using SqmSite.Cms.Data;
using SqmSite.Cms.Media;
using SqmSite.Cms.Notifications;
using SqmSite.Cms.Published;

namespace SqmSite.Cms.Webhooks;

/// <summary>
/// Turns the change log into webhook deliveries. The engine writes a log row in the same transaction as each publish,
/// unpublish, delete and library media change; this reads the rows after its cursor and, in one transaction, queues
/// their deliveries and moves the cursor. So a change that committed is told to webhooks even when the process dies
/// straight after the commit, and a batch is queued once: a second instance reading the same rows finds the cursor moved
/// and rolls back. The sending service runs it before each sending pass; the engine's notifications wake it.
/// </summary>
public sealed class WebhookChangeFeed(IServiceScopeFactory scopes, ILogger<WebhookChangeFeed> logger)
{
    internal const string CursorName = "webhooks";

    private const int BatchSize = 200;

    /// <summary>Queues the deliveries of the next changes; true when more rows wait after this batch.</summary>
    public async Task<bool> QueueNextAsync(CancellationToken cancellationToken = default)
    {
        await using var scope = scopes.CreateAsyncScope();
        var services = scope.ServiceProvider;
        var db = services.GetRequiredService<CmsDbContext>();
        var log = services.GetRequiredService<ContentChangeLog>();
        var from = await log.CursorAsync(CursorName, cancellationToken);
        var rows = await log.ReadAsync(from, BatchSize + 1, ct: cancellationToken);
        if (rows.Count == 0)
        {
            return false;
        }

        var batch = rows.Take(BatchSize).ToList();
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        if (!await log.AdvanceAsync(CursorName, from, batch[^1].Id, cancellationToken))
        {
            // Another instance queued these rows first.
            return true;
        }

        var webhooks = await WebhookEvents.ReceiversAsync(db, cancellationToken);
        var queued = 0;
        if (webhooks.Count > 0)
        {
            var events = (WebhookEvents)services.GetRequiredService<IWebhookEvents>();
            var describe = await DescriberAsync(db, services.GetRequiredService<IPublishedContentCache>().Snapshot, batch, cancellationToken);
            foreach (var row in batch)
            {
                if (describe(row) is { } e && events.Queue(db, webhooks, e.Alias, e.Data) is not null)
                {
                    queued++;
                }
            }

            await db.SaveChangesAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        if (queued > 0)
        {
            logger.LogInformation("Webhooks: {Queued} event(s) queued from changes {From}–{To}", queued, batch[0].Id, batch[^1].Id);
        }

        return rows.Count > BatchSize;
    }

    /// <summary>
    /// What a row becomes: the event and its data, from what the site shows now (a page's name and route from the live
    /// snapshot, a media item's from the library); null for what leaves no event (a data type's item, private media).
    /// What leaves the site is named by id and type only, since its name may be what was withdrawn.
    /// </summary>
    private static async Task<Func<ContentChange, (string Alias, JsonObject Data)?>> DescriberAsync(CmsDbContext db, PublishedSnapshot snapshot,
        IReadOnlyList<ContentChange> batch, CancellationToken ct)
    {
        var mediaKeys = batch.Where(r => r.Kind == ContentChangeKind.MediaSaved).Select(r => r.ContentKey).Distinct().ToList();
        var media = mediaKeys.Count == 0
            ? []
            : await db.Set<MediaItem>().AsNoTracking().Where(m => mediaKeys.Contains(m.Key) && m.Owner == null).ToDictionaryAsync(m => m.Key, ct);

        // A page no longer live here (withdrawn since, or this instance's snapshot behind): named from its published version if it has one.
        var missing = batch.Where(r => r.Kind == ContentChangeKind.Published && snapshot.ByKey(r.ContentKey) is null).Select(r => r.ContentKey).Distinct().ToList();
        var stored = missing.Count == 0
            ? []
            : await (from n in db.ContentNodes.AsNoTracking()
                     where missing.Contains(n.Key) && n.PublishedVersionId != null
                     join v in db.ContentVersions.AsNoTracking() on n.PublishedVersionId equals v.Id
                     select new { n.Key, v.Name, n.CreatedUtc, Updated = n.PublishedUtc ?? n.UpdatedUtc }).ToDictionaryAsync(x => x.Key, ct);

        return row =>
        {
            var data = new JsonObject { ["id"] = row.ContentKey };
            switch (row.Kind)
            {
                case ContentChangeKind.Published:
                    data["contentType"] = row.ContentTypeAlias;
                    if (snapshot.ByKey(row.ContentKey) is { } live)
                    {
                        data["name"] = live.Name;

                        // Empty: a type without pages (an email template).
                        data["route"] = live.Url.Length > 0 ? new JsonObject { ["path"] = live.Url } : null;
                        data["createDate"] = live.CreatedUtc;
                        data["updateDate"] = live.UpdatedUtc;
                    }
                    else if (stored.TryGetValue(row.ContentKey, out var version))
                    {
                        data["name"] = version.Name;
                        data["route"] = null;
                        data["createDate"] = version.CreatedUtc;
                        data["updateDate"] = version.Updated;
                    }
                    else
                    {
                        return null; // Gone before it could be told: its unpublish or delete row follows.
                    }

                    return (WebhookEventAliases.ContentPublished, data);
                case ContentChangeKind.Unpublished:
                    data["contentType"] = row.ContentTypeAlias;
                    data["unpublishDate"] = Utc(row.ChangedUtc);
                    return (WebhookEventAliases.ContentUnpublished, data);
                case ContentChangeKind.Deleted:
                    data["contentType"] = row.ContentTypeAlias;
                    data["deleteDate"] = Utc(row.ChangedUtc);
                    return (WebhookEventAliases.ContentDeleted, data);
                case ContentChangeKind.MediaSaved when media.TryGetValue(row.ContentKey, out var item):
                    data["change"] = "saved";
                    data["name"] = item.Name;
                    data["mediaType"] = item.Kind.ToString();
                    data["updateDate"] = Utc(item.UpdatedUtc);
                    return (WebhookEventAliases.MediaChanged, data);
                case ContentChangeKind.MediaDeleted:
                    data["change"] = "deleted";
                    data["deleteDate"] = Utc(row.ChangedUtc);
                    return (WebhookEventAliases.MediaChanged, data);
                default:
                    return null; // Media saved and deleted since: its delete row follows.
            }
        };
    }

    private static DateTime Utc(DateTime value) => DateTime.SpecifyKind(value, DateTimeKind.Utc);
}

/// <summary>A committed change wakes the sender, whose pass queues it from the log first.</summary>
internal sealed class WebhookWakeHandler(WebhookSenderSignal signal) :
    INotificationHandler<ContentPublishedNotification>,
    INotificationHandler<ContentUnpublishedNotification>,
    INotificationHandler<ContentDeletedNotification>,
    INotificationHandler<MediaSavedNotification>,
    INotificationHandler<MediaDeletedNotification>
{
    public Task HandleAsync(ContentPublishedNotification notification, CancellationToken cancellationToken) => Wake();

    public Task HandleAsync(ContentUnpublishedNotification notification, CancellationToken cancellationToken) => Wake();

    public Task HandleAsync(ContentDeletedNotification notification, CancellationToken cancellationToken) => Wake();

    public Task HandleAsync(MediaSavedNotification notification, CancellationToken cancellationToken) => Wake();

    public Task HandleAsync(MediaDeletedNotification notification, CancellationToken cancellationToken) => Wake();

    private Task Wake()
    {
        signal.Wake();
        return Task.CompletedTask;
    }
}
