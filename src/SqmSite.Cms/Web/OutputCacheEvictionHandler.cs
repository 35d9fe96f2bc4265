using Microsoft.AspNetCore.OutputCaching;
using SqmSite.Cms.Content;
using SqmSite.Cms.Notifications;

namespace SqmSite.Cms.Web;

/// <summary>Drops cached public pages whenever what is live changes (navigation spans pages, so all of them go).</summary>
internal sealed class OutputCacheEvictionHandler(IOutputCacheStore store) :
    INotificationHandler<ContentPublishedNotification>,
    INotificationHandler<ContentUnpublishedNotification>,
    INotificationHandler<ContentDeletedNotification>,
    INotificationHandler<ContentSortedNotification>
{
    public Task HandleAsync(ContentSortedNotification notification, CancellationToken cancellationToken) => EvictAsync(cancellationToken);

    public Task HandleAsync(ContentPublishedNotification notification, CancellationToken cancellationToken) => EvictAsync(cancellationToken);

    public Task HandleAsync(ContentUnpublishedNotification notification, CancellationToken cancellationToken) => EvictAsync(cancellationToken);

    public Task HandleAsync(ContentDeletedNotification notification, CancellationToken cancellationToken) => EvictAsync(cancellationToken);

    private async Task EvictAsync(CancellationToken ct) =>
        await store.EvictByTagAsync(PublishedContentController.OutputCacheTag, ct);
}
