using SqmSite.Cms.Content;
using SqmSite.Cms.Data;

namespace SqmSite.Cms.Instances;

/// <summary>
/// For a module whose data lives in memory on every instance (award cycles): tells the other instances to reload it,
/// through the change log. Call it right after the change committed; the engine's own caches (forms) write the row in
/// the change's own transaction instead. Handlers of <see cref="ChangesFollowedNotification"/> see the row by its name.
/// </summary>
public sealed class ChangeSignals(CmsDbContext db, TimeProvider clock)
{
    public async Task SignalAsync(string cache, CancellationToken ct = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(cache);
        await ContentChangeLog.SaveWithChangesAsync(db, [ContentChange.CacheRow(cache, clock.GetUtcNow().UtcDateTime)], ct);
    }

    /// <summary>The signal for every cache at once: an instance that lost track of the log reloads them all.</summary>
    public const string Everything = "*";

    /// <summary>True when the followed changes include a signal for <paramref name="cache"/> (or for every cache).</summary>
    public static bool Includes(ChangesFollowedNotification notification, string cache) =>
        notification.Changes.Any(c => c.Kind == ContentChangeKind.CacheChanged && (c.ContentTypeAlias == cache || c.ContentTypeAlias == Everything));
}
