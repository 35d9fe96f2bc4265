using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SqmSite.Cms.Content;
using SqmSite.Cms.ContentTypes;
using SqmSite.Cms.Data;

namespace SqmSite.Cms.Published;

/// <summary>The live content, in memory. Public requests read <see cref="Snapshot"/> and never touch the database.</summary>
public interface IPublishedContentCache
{
    PublishedSnapshot Snapshot { get; }

    /// <summary>Reloads what is live from the database and swaps the snapshot.</summary>
    Task RebuildAsync(CancellationToken cancellationToken = default);

    /// <summary>
    /// Rebuilds unless the snapshot already includes the change-log row <paramref name="position"/> (this instance made
    /// the change and rebuilt meanwhile); true when it rebuilt. Waits for a rebuild in progress first.
    /// </summary>
    Task<bool> CatchUpAsync(long position, CancellationToken cancellationToken = default);

    /// <summary>
    /// Every item at its newest version, drafts and unpublished items included, as one snapshot (the delivery API's
    /// preview). Built from the database on each call: preview is for editors, not for traffic.
    /// </summary>
    Task<PublishedSnapshot> BuildPreviewAsync(CancellationToken cancellationToken = default);

    /// <summary>A draft version dressed as published content, placed under its live parent, for preview.</summary>
    PublishedContent Preview(ContentNode node, ContentVersion version);
}

internal sealed class PublishedContentCache(IServiceScopeFactory scopes, IContentTypeService contentTypes, Telemetry.SiteMetrics metrics) : IPublishedContentCache
{
    private readonly SemaphoreSlim _rebuild = new(1, 1);
    private volatile PublishedSnapshot _snapshot = PublishedSnapshot.Empty;

    public PublishedSnapshot Snapshot => _snapshot;

    public async Task RebuildAsync(CancellationToken cancellationToken = default)
    {
        await _rebuild.WaitAsync(cancellationToken);
        try
        {
            _snapshot = await BuildAsync(preview: false, cancellationToken);
        }
        finally
        {
            _rebuild.Release();
        }
    }

    public async Task<bool> CatchUpAsync(long position, CancellationToken cancellationToken = default)
    {
        await _rebuild.WaitAsync(cancellationToken);
        try
        {
            if (_snapshot.ChangePosition >= position)
            {
                return false;
            }

            _snapshot = await BuildAsync(preview: false, cancellationToken);
            return true;
        }
        finally
        {
            _rebuild.Release();
        }
    }

    public Task<PublishedSnapshot> BuildPreviewAsync(CancellationToken cancellationToken = default) => BuildAsync(preview: true, cancellationToken);

    private async Task<PublishedSnapshot> BuildAsync(bool preview, CancellationToken cancellationToken)
    {
        using var activity = Telemetry.SiteMetrics.Activities.StartActivity(preview ? "build preview snapshot" : "build published snapshot");
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        var snapshot = await BuildCoreAsync(preview, cancellationToken);
        if (!preview)
        {
            metrics.SnapshotBuilds.Record(System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalSeconds);
        }

        return snapshot;
    }

    private async Task<PublishedSnapshot> BuildCoreAsync(bool preview, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CmsDbContext>();
        // First, so that every change up to it is in what is read next (SQLite and PostgreSQL read committed rows).
        var position = preview ? 0 : await db.Set<ContentChange>().MaxAsync(c => (long?)c.Id, cancellationToken) ?? 0;
        var nodes = db.ContentNodes.AsNoTracking();
        var rows = await (preview
                ? nodes.Join(db.ContentVersions.AsNoTracking(), n => n.LatestVersionId, v => v.Id, (n, v) => new { Node = n, Version = v })
                : nodes.Where(n => n.PublishedVersionId != null)
                    .Join(db.ContentVersions.AsNoTracking(), n => n.PublishedVersionId, v => v.Id, (n, v) => new { Node = n, Version = v }))
            .ToListAsync(cancellationToken);
        var redirects = await db.RedirectUrls.AsNoTracking().ToDictionaryAsync(r => r.Path, r => r.ContentKey, cancellationToken);

        var items = new Dictionary<int, (PublishedContent Content, int? ParentId)>();
        foreach (var row in rows)
        {
            if (contentTypes.Get(row.Node.ContentTypeAlias) is not { } type)
            {
                continue;
            }

            var isDraft = preview && row.Node.PublishedVersionId != row.Node.LatestVersionId;
            var content = new PublishedContent(row.Node.Id, row.Node.Key, row.Version.Name, row.Version.UrlSegment, type,
                row.Node.SortOrder, row.Node.CreatedUtc, isDraft ? row.Version.CreatedUtc : row.Node.PublishedUtc ?? row.Version.CreatedUtc,
                row.Version.Values, isDraft);
            items[row.Node.Id] = (content, row.Node.ParentId);
        }

        var roots = new List<PublishedContent>();
        foreach (var (content, parentId) in items.Values)
        {
            if (parentId is null)
            {
                roots.Add(content);
            }
            else if (items.TryGetValue(parentId.Value, out var parent))
            {
                parent.Content.AddChild(content);
            }

            // An item whose parent is not live is not routable: it stays out of the tree.
        }

        foreach (var (content, _) in items.Values)
        {
            content.SortChildren();
        }

        roots.Sort((a, b) => a.SortOrder != b.SortOrder ? a.SortOrder.CompareTo(b.SortOrder) : a.Id.CompareTo(b.Id));
        return new PublishedSnapshot(roots, redirects, position);
    }

    public PublishedContent Preview(ContentNode node, ContentVersion version)
    {
        var type = contentTypes.Get(node.ContentTypeAlias)
            ?? throw new InvalidOperationException($"Content type '{node.ContentTypeAlias}' is not defined.");
        var preview = new PublishedContent(node.Id, node.Key, version.Name, version.UrlSegment, type, node.SortOrder,
            node.CreatedUtc, version.CreatedUtc, version.Values, isDraft: true);
        var parent = node.ParentId is null ? null : _snapshot.All.FirstOrDefault(c => c.Id == node.ParentId);
        if (!type.Routable)
        {
            preview.Url = "";
            return preview;
        }

        preview.Parent = parent;
        preview.Url = parent is null ? "/" : parent.Url + version.UrlSegment + "/";
        return preview;
    }
}
