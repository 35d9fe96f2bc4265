using Microsoft.AspNetCore.OutputCaching;
using SqmSite.Awards.Cycles;
using SqmSite.Awards.Winners;
using SqmSite.Cms.Notifications;
using SqmSite.Cms.Web;

namespace SqmSite.Awards;

/// <summary>
/// Cached answers show awards data the engine does not know of: public pages and the delivery API show the current
/// cycle's dates, and the delivery API checks winners' consent as it reads. A changed cycle or a consent recorded or
/// withdrawn (even one that published or took down nothing) drops them; they share the content tag.
/// </summary>
internal sealed class AwardsOutputCacheEvictionHandler(IOutputCacheStore store) :
    INotificationHandler<CycleChangedNotification>,
    INotificationHandler<WinnerConsentChangedNotification>
{
    public Task HandleAsync(CycleChangedNotification notification, CancellationToken cancellationToken) => EvictAsync(cancellationToken);

    public Task HandleAsync(WinnerConsentChangedNotification notification, CancellationToken cancellationToken) => EvictAsync(cancellationToken);

    private async Task EvictAsync(CancellationToken ct) => await store.EvictByTagAsync(PublishedContentController.OutputCacheTag, ct);
}
