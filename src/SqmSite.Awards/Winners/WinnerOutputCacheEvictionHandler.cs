using Microsoft.AspNetCore.OutputCaching;
using SqmSite.Cms.Notifications;
using SqmSite.Cms.Web;

namespace SqmSite.Awards.Winners;

/// <summary>
/// Cached answers list winners (the pages and the delivery API read the same tag), and the delivery API checks consent
/// as it reads: a consent recorded or withdrawn drops them, even when no story was published or taken down with it.
/// </summary>
internal sealed class WinnerOutputCacheEvictionHandler(IOutputCacheStore store) : INotificationHandler<WinnerConsentChangedNotification>
{
    public async Task HandleAsync(WinnerConsentChangedNotification notification, CancellationToken cancellationToken) =>
        await store.EvictByTagAsync(PublishedContentController.OutputCacheTag, cancellationToken);
}
