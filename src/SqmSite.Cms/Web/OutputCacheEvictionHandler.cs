using Microsoft.AspNetCore.OutputCaching;
using SqmSite.Cms.Content;
using SqmSite.Cms.Notifications;

namespace SqmSite.Cms.Web;

/// <summary>Drops cached public pages whenever what is live changes, here or on another instance (navigation spans pages, so all of them go).</summary>
internal sealed class OutputCacheEvictionHandler(IOutputCacheStore store) :
    INotificationHandler<ContentPublishedNotification>,
    INotificationHandler<ContentUnpublishedNotification>,
    INotificationHandler<ContentDeletedNotification>,
    INotificationHandler<ContentSortedNotification>,
    INotificationHandler<Instances.ChangesFollowedNotification>
{
    /// <summary>Content or media changed on another instance and this one caught up: its cached pages are old.</summary>
    public Task HandleAsync(Instances.ChangesFollowedNotification notification, CancellationToken cancellationToken) => EvictAsync(cancellationToken);

    public Task HandleAsync(ContentSortedNotification notification, CancellationToken cancellationToken) => EvictAsync(cancellationToken);

    public Task HandleAsync(ContentPublishedNotification notification, CancellationToken cancellationToken) => EvictAsync(cancellationToken);

    public Task HandleAsync(ContentUnpublishedNotification notification, CancellationToken cancellationToken) => EvictAsync(cancellationToken);

    public Task HandleAsync(ContentDeletedNotification notification, CancellationToken cancellationToken) => EvictAsync(cancellationToken);

    private async Task EvictAsync(CancellationToken ct) =>
        await store.EvictByTagAsync(PublishedContentController.OutputCacheTag, ct);
}
