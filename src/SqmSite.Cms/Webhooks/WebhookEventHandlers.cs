using System.Text.Json.Nodes;
using SqmSite.Cms.Content;
using SqmSite.Cms.Media;
using SqmSite.Cms.Notifications;

namespace SqmSite.Cms.Webhooks;

// The engine's notifications of a change come after its commit, so these handlers write the deliveries just after it
// (docs/decisions/0019-webhooks.md says why that is acceptable). What leaves the site is public already, or only ids:
// an unpublished or deleted item is named by its key and type, since its name may be what was withdrawn.

internal sealed class ContentPublishedWebhookHandler(IWebhookEvents webhooks) : INotificationHandler<ContentPublishedNotification>
{
    public Task HandleAsync(ContentPublishedNotification notification, CancellationToken cancellationToken)
    {
        var node = notification.Node;
        var live = notification.Content;
        var data = ContentData(node.Key, node.ContentTypeAlias);
        data["name"] = notification.Version.Name;

        // Null route: an unpublished ancestor keeps the item off the site; empty: a type without pages (an email template).
        data["route"] = live is { Url.Length: > 0 } ? new JsonObject { ["path"] = live.Url } : null;
        data["createDate"] = node.CreatedUtc;
        data["updateDate"] = node.PublishedUtc ?? node.UpdatedUtc;
        return webhooks.RaiseAsync(WebhookEventAliases.ContentPublished, data, cancellationToken: cancellationToken);
    }

    internal static JsonObject ContentData(Guid key, string contentType) => new() { ["id"] = key, ["contentType"] = contentType };
}

internal sealed class ContentUnpublishedWebhookHandler(IWebhookEvents webhooks, TimeProvider clock) : INotificationHandler<ContentUnpublishedNotification>
{
    public Task HandleAsync(ContentUnpublishedNotification notification, CancellationToken cancellationToken)
    {
        var data = ContentPublishedWebhookHandler.ContentData(notification.Node.Key, notification.Node.ContentTypeAlias);
        data["unpublishDate"] = clock.GetUtcNow().UtcDateTime;
        return webhooks.RaiseAsync(WebhookEventAliases.ContentUnpublished, data, cancellationToken: cancellationToken);
    }
}

internal sealed class ContentDeletedWebhookHandler(IWebhookEvents webhooks, TimeProvider clock) : INotificationHandler<ContentDeletedNotification>
{
    public Task HandleAsync(ContentDeletedNotification notification, CancellationToken cancellationToken)
    {
        var data = ContentPublishedWebhookHandler.ContentData(notification.Key, notification.ContentTypeAlias);
        data["deleteDate"] = clock.GetUtcNow().UtcDateTime;
        return webhooks.RaiseAsync(WebhookEventAliases.ContentDeleted, data, cancellationToken: cancellationToken);
    }
}

/// <summary>Library media only: a package's private files (a nomination's attachments) never leave the site this way.</summary>
internal sealed class MediaChangedWebhookHandler(IWebhookEvents webhooks, TimeProvider clock) :
    INotificationHandler<MediaSavedNotification>,
    INotificationHandler<MediaDeletedNotification>
{
    public Task HandleAsync(MediaSavedNotification notification, CancellationToken cancellationToken)
    {
        var item = notification.Item;
        if (item.IsPrivate)
        {
            return Task.CompletedTask;
        }

        var data = new JsonObject
        {
            ["id"] = item.Key,
            ["change"] = "saved",
            ["name"] = item.Name,
            ["mediaType"] = item.Kind.ToString(),
            ["updateDate"] = item.UpdatedUtc,
        };
        return webhooks.RaiseAsync(WebhookEventAliases.MediaChanged, data, cancellationToken: cancellationToken);
    }

    public Task HandleAsync(MediaDeletedNotification notification, CancellationToken cancellationToken)
    {
        var data = new JsonObject { ["id"] = notification.Key, ["change"] = "deleted", ["deleteDate"] = clock.GetUtcNow().UtcDateTime };
        return webhooks.RaiseAsync(WebhookEventAliases.MediaChanged, data, cancellationToken: cancellationToken);
    }
}
