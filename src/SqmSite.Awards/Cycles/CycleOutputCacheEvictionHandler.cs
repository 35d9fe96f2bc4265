using Microsoft.AspNetCore.OutputCaching;
using SqmSite.Cms.Notifications;
using SqmSite.Cms.Web;

namespace SqmSite.Awards.Cycles;

/// <summary>Public pages show the current cycle's dates, so a changed cycle drops the cached pages.</summary>
internal sealed class CycleOutputCacheEvictionHandler(IOutputCacheStore store) : INotificationHandler<CycleChangedNotification>
{
    public async Task HandleAsync(CycleChangedNotification notification, CancellationToken cancellationToken) =>
        await store.EvictByTagAsync(PublishedContentController.OutputCacheTag, cancellationToken);
}
