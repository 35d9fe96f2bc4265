using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using SqmSite.Cms.Content;
using SqmSite.Cms.ContentTypes;
using SqmSite.Cms.Data;
using SqmSite.Cms.Notifications;

namespace SqmSite.Cms.Media;

/// <summary>One place that uses a media item.</summary>
/// <param name="Where">What uses it, as an editor names it ("Home › Hero image").</param>
/// <param name="State">Which version uses it ("published", "draft", "published and draft"), when that applies.</param>
/// <param name="EditUrl">Where to go to remove it, when there is a page for that.</param>
public sealed record MediaUsage(string Where, string? State, string? EditUrl);

/// <summary>
/// Finds what uses a media item. The engine scans content; a package registers its own provider (organization
/// logos, for instance) so that an item it uses cannot be deleted either.
/// </summary>
public interface IMediaUsageProvider
{
    Task<IReadOnlyList<MediaUsage>> FindAsync(Guid mediaKey, CancellationToken cancellationToken);
}

/// <summary>
/// Content that uses an item: the draft or the live version of any page holds its key in a property value (a media
/// picker, or a URL in rich text). Older versions do not count: a rollback to one is validated like any save.
/// </summary>
internal sealed class ContentMediaUsageProvider(CmsDbContext db, IContentTypeService contentTypes) : IMediaUsageProvider
{
    public async Task<IReadOnlyList<MediaUsage>> FindAsync(Guid mediaKey, CancellationToken cancellationToken)
    {
        var key = mediaKey.ToString("D");
        var nodes = await db.ContentNodes.AsNoTracking()
            .Select(n => new { n.Id, n.ContentTypeAlias, n.LatestVersionId, n.PublishedVersionId })
            .ToListAsync(cancellationToken);
        var versions = await db.ContentVersions.AsNoTracking()
            .Where(v => db.ContentNodes.Any(n => n.LatestVersionId == v.Id || n.PublishedVersionId == v.Id))
            .Select(v => new { v.Id, v.NodeId, v.Name, v.Values })
            .ToListAsync(cancellationToken);
        var byId = versions.ToDictionary(v => v.Id);

        var usages = new List<MediaUsage>();
        foreach (var node in nodes)
        {
            var latest = node.LatestVersionId is { } l ? byId.GetValueOrDefault(l) : null;
            var live = node.PublishedVersionId is { } p ? byId.GetValueOrDefault(p) : null;
            var inDraft = latest is not null && Aliases(latest.Values, key).Count > 0;
            var inLive = live is not null && Aliases(live.Values, key).Count > 0;
            if (!inDraft && !inLive)
            {
                continue;
            }

            var type = contentTypes.Get(node.ContentTypeAlias);
            var aliases = Aliases(inDraft ? latest!.Values : live!.Values, key);
            var properties = string.Join(", ", aliases.Select(a => type?.Property(a)?.Name ?? a));
            var state = inDraft && inLive ? "published and draft" : inLive ? "published" : "draft";
            usages.Add(new MediaUsage($"{(latest ?? live)!.Name} › {properties}", state, $"/backoffice/content/edit/{node.Id}"));
        }

        return usages;
    }

    private static List<string> Aliases(JsonObject values, string key) =>
        [.. values.Where(p => p.Value is not null && p.Value.ToJsonString().Contains(key, StringComparison.OrdinalIgnoreCase)).Select(p => p.Key)];
}

/// <summary>After an item was added, replaced, described or cropped.</summary>
public sealed class MediaSavedNotification(MediaItem item) : INotification
{
    public MediaItem Item { get; } = item;
}

public sealed class MediaDeletedNotification(Guid key) : INotification
{
    public Guid Key { get; } = key;
}
