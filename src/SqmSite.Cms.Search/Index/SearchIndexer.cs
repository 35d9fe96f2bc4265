using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SqmSite.Cms.Content;
using SqmSite.Cms.Notifications;

namespace SqmSite.Cms.Search.Index;

/// <summary>
/// Keeps the index current: opens it at start-up (or rebuilds it in the background when missing or damaged, while the
/// site answers), then applies changes whenever a notification wakes it, and every few seconds in case none did.
/// </summary>
internal sealed class SearchIndexer(SearchIndex index, IOptions<SearchOptions> options, ILogger<SearchIndexer> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // The engine's start-up (migrations, the published snapshot) ran before this; the host goes on starting meanwhile.
        await Task.Yield();
        if (!index.TryOpenLive() && !index.FolderInUse)
        {
            index.StartRebuild("the index was missing or damaged at start-up");
        }

        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await index.CatchUpAsync(stoppingToken);
                await index.WaitForWakeAsync(options.Value.PollInterval, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                // The database away for a moment, say: the index stays as it was and the next pass tries again.
                logger.LogWarning(e, "Search index could not apply changes; retrying");
                await Task.Delay(options.Value.PollInterval, stoppingToken).ContinueWith(_ => { }, TaskScheduler.Default);
            }
        }
    }
}

/// <summary>The engine's notifications name what to read again; they come after the published snapshot was swapped.</summary>
internal sealed class SearchIndexNotificationHandler(SearchIndex index) :
    INotificationHandler<ContentPublishedNotification>,
    INotificationHandler<ContentUnpublishedNotification>,
    INotificationHandler<ContentDeletedNotification>,
    INotificationHandler<Instances.ChangesFollowedNotification>
{
    /// <summary>Another instance published: this one rebuilt its snapshot; the keys are read again from it.</summary>
    public Task HandleAsync(Instances.ChangesFollowedNotification notification, CancellationToken cancellationToken)
    {
        index.MarkDirty(notification.Changes.Where(c => ContentChange.ContentKinds.Contains(c.Kind)).Select(c => c.ContentKey));
        return Task.CompletedTask;
    }

    public Task HandleAsync(ContentPublishedNotification notification, CancellationToken cancellationToken)
    {
        // Publishing a parent can bring its published children back on the site: read the whole branch again.
        var keys = new List<Guid> { notification.Node.Key };
        var pending = new Stack<Published.PublishedContent>();
        if (notification.Content is { } content)
        {
            pending.Push(content);
        }

        while (pending.TryPop(out var item))
        {
            keys.Add(item.Key);
            foreach (var child in item.Children)
            {
                pending.Push(child);
            }
        }

        index.MarkDirty(keys);
        return Task.CompletedTask;
    }

    public Task HandleAsync(ContentUnpublishedNotification notification, CancellationToken cancellationToken)
    {
        index.MarkDirty([notification.Node.Key]);
        return Task.CompletedTask;
    }

    public Task HandleAsync(ContentDeletedNotification notification, CancellationToken cancellationToken)
    {
        index.MarkDirty([notification.Key]);
        return Task.CompletedTask;
    }
}
