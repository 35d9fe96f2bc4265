using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using SqmSite.Cms.ContentTypes;
using SqmSite.Cms.Data;
using SqmSite.Cms.Notifications;
using SqmSite.Cms.Published;

namespace SqmSite.Cms.Content;

/// <summary>A row of the backoffice content tree.</summary>
public sealed record ContentTreeItem(int Id, Guid Key, int? ParentId, int SortOrder, string Name, string ContentTypeAlias,
    bool IsPublished, bool HasUnpublishedChanges, DateTime? PublishAtUtc, DateTime? UnpublishAtUtc);

/// <summary>A choice of a content picker: the item's key and its name, indented by its depth in the tree.</summary>
public sealed record ContentPickerItem(Guid Key, string Label);

/// <summary>Creates, edits, publishes and removes content; the only writer of the content tables.</summary>
public sealed partial class ContentService(
    CmsDbContext db,
    IContentTypeService contentTypes,
    PropertyValueParser parser,
    IPublishedContentCache cache,
    IEventAggregator events,
    IMediaPickerTargets media,
    TimeProvider clock,
    ILogger<ContentService> logger)
{
    /// <summary>URL segments below the home page that the application itself uses.</summary>
    public static readonly IReadOnlySet<string> ReservedSegments = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
    {
        "backoffice", "api", "media", "umbraco", "sitemap.xml", "robots.txt", "_content", "_framework", "lib", "css", "js", "img",
        "error", "not-found", "health",
    };

    private DateTime UtcNow => clock.GetUtcNow().UtcDateTime;

    public async Task<IReadOnlyList<ContentTreeItem>> GetTreeAsync(CancellationToken ct = default) =>
        [.. (await TreeItems(db.ContentNodes.AsNoTracking()).ToListAsync(ct)).OrderBy(i => i.SortOrder).ThenBy(i => i.Id)];

    public async Task<IReadOnlyList<ContentTreeItem>> GetRecentlyEditedAsync(int count, CancellationToken ct = default) =>
        await TreeItems(db.ContentNodes.AsNoTracking().OrderByDescending(n => n.UpdatedUtc).Take(count)).ToListAsync(ct);

    // Ordering is done in memory: a query cannot sort by a record it constructs.

    public Task<ContentNode?> GetNodeAsync(int id, CancellationToken ct = default) =>
        db.ContentNodes.FirstOrDefaultAsync(n => n.Id == id, ct);

    public Task<ContentNode?> GetNodeAsync(Guid key, CancellationToken ct = default) =>
        db.ContentNodes.FirstOrDefaultAsync(n => n.Key == key, ct);

    public Task<ContentVersion?> GetVersionAsync(int versionId, CancellationToken ct = default) =>
        db.ContentVersions.FirstOrDefaultAsync(v => v.Id == versionId, ct);

    public async Task<ContentVersion?> GetLatestVersionAsync(ContentNode node, CancellationToken ct = default) =>
        node.LatestVersionId is { } id ? await GetVersionAsync(id, ct) : null;

    public async Task<IReadOnlyList<ContentVersion>> GetVersionsAsync(int nodeId, CancellationToken ct = default) =>
        await db.ContentVersions.AsNoTracking().Where(v => v.NodeId == nodeId).OrderByDescending(v => v.Number).ToListAsync(ct);

    /// <summary>Creates a content item (as a draft) under <paramref name="parentId"/>, or at the root when null.</summary>
    public async Task<Attempt<ContentNode, ContentOperationStatus>> CreateAsync(int? parentId, string contentTypeAlias, ContentEdit edit, string? author,
        Guid? key = null, CancellationToken ct = default)
    {
        if (contentTypes.Get(contentTypeAlias) is not { } type)
        {
            return Attempt<ContentNode, ContentOperationStatus>.Fail(ContentOperationStatus.NotAllowedHere, $"There is no document type '{contentTypeAlias}'.");
        }

        if (parentId is { } pid)
        {
            var parent = await db.ContentNodes.AsNoTracking().FirstOrDefaultAsync(n => n.Id == pid, ct);
            if (parent is null)
            {
                return Attempt<ContentNode, ContentOperationStatus>.Fail(ContentOperationStatus.NotFound, "The parent page no longer exists.");
            }

            var parentType = contentTypes.Get(parent.ContentTypeAlias);
            if (parentType is null || !parentType.AllowsChild(type.Alias))
            {
                return Attempt<ContentNode, ContentOperationStatus>.Fail(ContentOperationStatus.NotAllowedHere, $"A {type.Name} cannot be created below a {parentType?.Name ?? parent.ContentTypeAlias}.");
            }
        }
        else if (!type.AllowedAtRoot)
        {
            return Attempt<ContentNode, ContentOperationStatus>.Fail(ContentOperationStatus.NotAllowedHere, $"A {type.Name} cannot be created at the root.");
        }

        var sortOrder = await db.ContentNodes.Where(n => n.ParentId == parentId).MaxAsync(n => (int?)n.SortOrder, ct) ?? -1;
        var node = new ContentNode(key ?? Guid.NewGuid(), parentId, type.Alias, sortOrder + 1, UtcNow);
        return await SaveVersionAsync(node, type, edit, author, isNew: true, ct);
    }

    /// <summary>Saves a new draft version of an item. What is live does not change.</summary>
    public async Task<Attempt<ContentNode, ContentOperationStatus>> SaveAsync(int id, ContentEdit edit, string? author, CancellationToken ct = default)
    {
        var node = await GetNodeAsync(id, ct);
        if (node is null)
        {
            return Attempt<ContentNode, ContentOperationStatus>.Fail(ContentOperationStatus.NotFound, "This page no longer exists.");
        }

        var type = contentTypes.Get(node.ContentTypeAlias)!;
        return await SaveVersionAsync(node, type, edit, author, isNew: false, ct);
    }

    /// <summary>Makes the newest version of an item live.</summary>
    /// <param name="pendingKeys">Items an import is about to create, which pickers may already point at.</param>
    public async Task<Attempt<ContentNode, ContentOperationStatus>> PublishAsync(int id, string? author, CancellationToken ct = default, IReadOnlySet<Guid>? pendingKeys = null)
    {
        var node = await GetNodeAsync(id, ct);
        if (node is null)
        {
            return Attempt<ContentNode, ContentOperationStatus>.Fail(ContentOperationStatus.NotFound, "This page no longer exists.");
        }

        var version = (await GetLatestVersionAsync(node, ct))!;
        var type = contentTypes.Get(node.ContentTypeAlias)!;

        // The schema, or what the pickers point at, may have changed since the draft was saved: a version goes live only if it is valid now.
        var errors = Validate(type, version.Values.ToDictionary(p => p.Key, p => (string?)PropertyValueParser.ToRaw(p.Value)), out _,
            ContentExists(pendingKeys), media.IsPickable);
        if (errors.Count > 0)
        {
            return Attempt<ContentNode, ContentOperationStatus>.Fail(ContentOperationStatus.ValidationFailed, "The page cannot be published until these fields are fixed.", errors);
        }

        if (node.ParentId is { } parentId && !await db.ContentNodes.AnyAsync(n => n.Id == parentId && n.PublishedVersionId != null, ct))
        {
            return Attempt<ContentNode, ContentOperationStatus>.Fail(ContentOperationStatus.ParentNotPublished, "Publish the parent page first: this page would have no public address.");
        }

        var publishing = new ContentPublishingNotification(node, version);
        await events.PublishAsync(publishing, ct);
        if (publishing.Cancelled)
        {
            return Attempt<ContentNode, ContentOperationStatus>.Fail(ContentOperationStatus.CancelledByNotification, "Publishing was refused: " + string.Join(" ", publishing.Reasons));
        }

        var oldUrls = cache.Snapshot.UrlsByKey();
        var changes = cache.Snapshot.ByKey(node.Key) is not null
            ? [new ContentChange(node.Key, node.ContentTypeAlias, ContentChangeKind.Published, UtcNow)]
            : await BecomingLiveAsync(node, ct);
        node.MarkPublished(version, UtcNow);
        await ContentChangeLog.SaveWithChangesAsync(db, changes, ct);
        await RefreshSnapshotAsync(oldUrls, ct);
        logger.LogInformation("Published {ContentKey} version {Version} by {Author}", node.Key, version.Number, author);
        await events.PublishAsync(new ContentPublishedNotification(node, version, cache.Snapshot.ByKey(node.Key)), ct);
        return Attempt<ContentNode, ContentOperationStatus>.Ok(node);
    }

    /// <summary>
    /// Saves a new draft and makes it live. When the draft is saved but publishing fails, the failure carries the saved
    /// item as its value (the draft is kept), so that a caller can tell "nothing saved" from "saved, not published".
    /// </summary>
    public async Task<Attempt<ContentNode, ContentOperationStatus>> SaveAndPublishAsync(int id, ContentEdit edit, string? author, CancellationToken ct = default)
    {
        var saved = await SaveAsync(id, edit, author, ct);
        return saved.Succeeded ? DraftKept(saved.Value!, await PublishAsync(id, author, ct)) : saved;
    }

    /// <summary>
    /// Creates an item (as <see cref="CreateAsync"/>) and makes it live. When it is created but publishing fails, the
    /// failure carries the new item as its value: it exists now, as a draft.
    /// </summary>
    public async Task<Attempt<ContentNode, ContentOperationStatus>> CreateAndPublishAsync(int? parentId, string contentTypeAlias, ContentEdit edit,
        string? author, CancellationToken ct = default)
    {
        var created = await CreateAsync(parentId, contentTypeAlias, edit, author, ct: ct);
        return created.Succeeded ? DraftKept(created.Value!, await PublishAsync(created.Value!.Id, author, ct)) : created;
    }

    /// <summary>
    /// The items of the tree in tree order (each page followed by the pages below it), each label indented by two
    /// spaces a level: the choices of a content picker.
    /// </summary>
    public static IReadOnlyList<ContentPickerItem> PickerItems(IReadOnlyList<ContentTreeItem> tree)
    {
        var byParent = tree.ToLookup(i => i.ParentId);
        var items = new List<ContentPickerItem>(tree.Count);
        void Walk(int? parent, int depth)
        {
            foreach (var item in byParent[parent])
            {
                items.Add(new ContentPickerItem(item.Key, new string(' ', depth * 2) + item.Name));
                Walk(item.Id, depth + 1);
            }
        }

        Walk(null, 0);
        return items;
    }

    private static Attempt<ContentNode, ContentOperationStatus> DraftKept(ContentNode draft, Attempt<ContentNode, ContentOperationStatus> published) =>
        published.Succeeded ? published : published with { Value = draft };

    /// <summary>Takes an item off the site; its draft and history stay.</summary>
    public async Task<Attempt<ContentNode, ContentOperationStatus>> UnpublishAsync(int id, string? author, CancellationToken ct = default)
    {
        var node = await GetNodeAsync(id, ct);
        if (node is null)
        {
            return Attempt<ContentNode, ContentOperationStatus>.Fail(ContentOperationStatus.NotFound, "This page no longer exists.");
        }

        if (!node.IsPublished)
        {
            return Attempt<ContentNode, ContentOperationStatus>.Fail(ContentOperationStatus.NotPublished, "This page is not published.");
        }

        var unpublishing = new ContentUnpublishingNotification(node);
        await events.PublishAsync(unpublishing, ct);
        if (unpublishing.Cancelled)
        {
            return Attempt<ContentNode, ContentOperationStatus>.Fail(ContentOperationStatus.CancelledByNotification, "Unpublishing was refused: " + string.Join(" ", unpublishing.Reasons));
        }

        // What leaves the site with it: the item and every live item below it.
        var leaving = cache.Snapshot.ByKey(node.Key) is { } live ? LiveSubtree(live) : [];
        node.MarkUnpublished(UtcNow);
        await ContentChangeLog.SaveWithChangesAsync(db,
            leaving.Select(c => new ContentChange(c.Key, c.ContentTypeAlias, ContentChangeKind.Unpublished, UtcNow)), ct);
        await cache.RebuildAsync(ct);
        logger.LogInformation("Unpublished {ContentKey} by {Author}", node.Key, author);
        await events.PublishAsync(new ContentUnpublishedNotification(node), ct);
        return Attempt<ContentNode, ContentOperationStatus>.Ok(node);
    }

    /// <summary>Sets (or clears, with nulls) when the scheduler publishes and unpublishes the item.</summary>
    public async Task<Attempt<ContentNode, ContentOperationStatus>> ScheduleAsync(int id, DateTime? publishAtUtc, DateTime? unpublishAtUtc, CancellationToken ct = default)
    {
        var node = await GetNodeAsync(id, ct);
        if (node is null)
        {
            return Attempt<ContentNode, ContentOperationStatus>.Fail(ContentOperationStatus.NotFound, "This page no longer exists.");
        }

        var now = UtcNow;
        var errors = new Dictionary<string, string>();
        if (publishAtUtc is { } p && p <= now)
        {
            errors["PublishAt"] = "The publish time must be in the future.";
        }

        if (unpublishAtUtc is { } u && u <= now)
        {
            errors["UnpublishAt"] = "The unpublish time must be in the future.";
        }
        else if (publishAtUtc is { } p2 && unpublishAtUtc is { } u2 && u2 <= p2)
        {
            errors["UnpublishAt"] = "The unpublish time must come after the publish time.";
        }

        if (errors.Count > 0)
        {
            return Attempt<ContentNode, ContentOperationStatus>.Fail(ContentOperationStatus.InvalidSchedule, "The schedule was not saved.", errors);
        }

        node.SetSchedule(publishAtUtc?.ToUniversalTime(), unpublishAtUtc?.ToUniversalTime());
        await db.SaveChangesAsync(ct);
        return Attempt<ContentNode, ContentOperationStatus>.Ok(node);
    }

    /// <summary>Copies an old version into a new draft. Nothing goes live until it is published.</summary>
    public async Task<Attempt<ContentNode, ContentOperationStatus>> RollbackAsync(int id, int versionId, string? author, CancellationToken ct = default)
    {
        var node = await GetNodeAsync(id, ct);
        var version = await db.ContentVersions.AsNoTracking().FirstOrDefaultAsync(v => v.Id == versionId && v.NodeId == id, ct);
        if (node is null || version is null)
        {
            return Attempt<ContentNode, ContentOperationStatus>.Fail(ContentOperationStatus.NotFound, "That version no longer exists.");
        }

        var type = contentTypes.Get(node.ContentTypeAlias)!;
        var edit = new ContentEdit(version.Name, version.UrlSegment,
            version.Values.ToDictionary(p => p.Key, p => (string?)PropertyValueParser.ToRaw(p.Value)));
        return await SaveVersionAsync(node, type, edit, author, isNew: false, ct);
    }

    /// <summary>Deletes an item with its versions. Items with children are refused: delete or move those first.</summary>
    public async Task<Attempt<ContentNode, ContentOperationStatus>> DeleteAsync(int id, string? author, CancellationToken ct = default)
    {
        var node = await GetNodeAsync(id, ct);
        if (node is null)
        {
            return Attempt<ContentNode, ContentOperationStatus>.Fail(ContentOperationStatus.NotFound, "This page no longer exists.");
        }

        if (await db.ContentNodes.AnyAsync(n => n.ParentId == id, ct))
        {
            return Attempt<ContentNode, ContentOperationStatus>.Fail(ContentOperationStatus.HasChildren, "This page has pages below it; delete those first.");
        }

        var deleting = new ContentDeletingNotification(node);
        await events.PublishAsync(deleting, ct);
        if (deleting.Cancelled)
        {
            return Attempt<ContentNode, ContentOperationStatus>.Fail(ContentOperationStatus.CancelledByNotification, "Deleting was refused: " + string.Join(" ", deleting.Reasons));
        }

        var wasPublished = node.IsPublished;
        await db.ContentVersions.Where(v => v.NodeId == id).ExecuteDeleteAsync(ct);

        // Versions this context already tracks (a publish earlier in the same scope) are gone now: saving them again
        // would update or delete rows that no longer exist.
        foreach (var tracked in db.ChangeTracker.Entries<ContentVersion>().Where(e => e.Entity.NodeId == id).ToList())
        {
            tracked.State = EntityState.Detached;
        }

        db.ContentNodes.Remove(node);
        await Sync.DeletedItem.RecordAsync(db, node.Key, UtcNow, ct);
        await ContentChangeLog.SaveWithChangesAsync(db,
            wasPublished ? [new ContentChange(node.Key, node.ContentTypeAlias, ContentChangeKind.Deleted, UtcNow)] : [], ct);
        if (wasPublished)
        {
            await cache.RebuildAsync(ct);
        }

        logger.LogInformation("Deleted {ContentKey} by {Author}", node.Key, author);
        await events.PublishAsync(new ContentDeletedNotification(node.Key, node.ContentTypeAlias), ct);
        return Attempt<ContentNode, ContentOperationStatus>.Ok(node);
    }

    /// <summary>Moves an item one place up (-1) or down (+1) among its siblings.</summary>
    public async Task<Attempt<ContentNode, ContentOperationStatus>> MoveAsync(int id, int direction, CancellationToken ct = default)
    {
        var node = await GetNodeAsync(id, ct);
        if (node is null)
        {
            return Attempt<ContentNode, ContentOperationStatus>.Fail(ContentOperationStatus.NotFound, "This page no longer exists.");
        }

        var siblings = await db.ContentNodes.Where(n => n.ParentId == node.ParentId).ToListAsync(ct);
        var ordered = siblings.OrderBy(n => n.SortOrder).ThenBy(n => n.Id).ToList();
        var index = ordered.FindIndex(n => n.Id == id);
        var target = index + Math.Sign(direction);
        if (direction == 0 || target < 0 || target >= ordered.Count)
        {
            return Attempt<ContentNode, ContentOperationStatus>.Ok(node);
        }

        (ordered[index], ordered[target]) = (ordered[target], ordered[index]);
        for (var i = 0; i < ordered.Count; i++)
        {
            ordered[i].MoveTo(i);
        }

        await db.SaveChangesAsync(ct);
        await cache.RebuildAsync(ct);
        await events.PublishAsync(new ContentSortedNotification(node.ParentId), ct);
        return Attempt<ContentNode, ContentOperationStatus>.Ok(node);
    }

    /// <summary>Whether a content picker's key names an item (or one being imported in the same run).</summary>
    private Func<Guid, bool> ContentExists(IReadOnlySet<Guid>? pendingKeys)
    {
        var snapshot = cache.Snapshot;
        return k => pendingKeys?.Contains(k) == true || snapshot.ByKey(k) is not null || db.ContentNodes.Any(n => n.Key == k);
    }

    /// <summary>Checks input against a document type. Returns the errors by field; fills the values to store.</summary>
    public IReadOnlyDictionary<string, string> Validate(ContentType type, IReadOnlyDictionary<string, string?> input, out JsonObject values,
        Func<Guid, bool>? contentExists = null, Func<Guid, bool>? mediaExists = null)
    {
        var errors = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        values = [];
        foreach (var property in type.Properties)
        {
            input.TryGetValue(property.Alias, out var raw);
            var (value, error) = parser.Parse(property, raw, contentExists, mediaExists);
            if (error is not null)
            {
                errors[property.Alias] = error;
            }
            else if (value is not null)
            {
                values[property.Alias] = value;
            }
        }

        return errors;
    }

    /// <summary>Makes a URL segment out of a name: lower case, ASCII letters and digits joined by hyphens.</summary>
    public static string ToUrlSegment(string name)
    {
        var normalized = name.Normalize(NormalizationForm.FormD);
        var sb = new StringBuilder();
        foreach (var c in normalized)
        {
            if (CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.NonSpacingMark)
            {
                continue;
            }

            sb.Append(char.IsAsciiLetterOrDigit(c) ? char.ToLowerInvariant(c) : '-');
        }

        return MultipleHyphens().Replace(sb.ToString(), "-").Trim('-');
    }

    private async Task<Attempt<ContentNode, ContentOperationStatus>> SaveVersionAsync(ContentNode node, ContentType type, ContentEdit edit, string? author,
        bool isNew, CancellationToken ct)
    {
        var name = (edit.Name ?? "").Trim();
        var errors = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        if (name.Length == 0)
        {
            errors["Name"] = "Name is required.";
        }
        else if (name.Length > 255)
        {
            errors["Name"] = "Name may have at most 255 characters.";
        }

        var segment = string.IsNullOrWhiteSpace(edit.UrlSegment) ? ToUrlSegment(name) : edit.UrlSegment.Trim().ToLowerInvariant();
        var status = ContentOperationStatus.ValidationFailed;
        if (!ValidSegment().IsMatch(segment) || segment.Length > 200)
        {
            errors["UrlSegment"] = "The URL segment may use only lower-case letters, digits and single hyphens, such as \"email-channel\".";
        }
        else if (node.ParentId is not null && await IsHomeChildAsync(node.ParentId.Value, ct) && ReservedSegments.Contains(segment))
        {
            errors["UrlSegment"] = $"\"{segment}\" is used by the site itself; choose another URL segment.";
        }
        else if (await SiblingUsesSegmentAsync(node, segment, ct) is { } sibling)
        {
            errors["UrlSegment"] = $"\"{sibling}\" at the same level already uses the URL segment \"{segment}\".";
            status = ContentOperationStatus.DuplicateUrlSegment;
        }

        var valueErrors = Validate(type, edit.Values, out var values, ContentExists(edit.PendingKeys), media.IsPickable);
        foreach (var (alias, error) in valueErrors)
        {
            errors[alias] = error;
        }

        if (errors.Count > 0)
        {
            return Attempt<ContentNode, ContentOperationStatus>.Fail(errors.Count == 1 ? status : ContentOperationStatus.ValidationFailed,
                "Nothing was saved: please correct the fields marked below.", errors);
        }

        var saving = new ContentSavingNotification(node, edit);
        await events.PublishAsync(saving, ct);
        if (saving.Cancelled)
        {
            return Attempt<ContentNode, ContentOperationStatus>.Fail(ContentOperationStatus.CancelledByNotification, "Saving was refused: " + string.Join(" ", saving.Reasons));
        }

        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        if (isNew)
        {
            db.ContentNodes.Add(node);
            await db.SaveChangesAsync(ct);
        }

        var number = (await db.ContentVersions.Where(v => v.NodeId == node.Id).MaxAsync(v => (int?)v.Number, ct) ?? 0) + 1;
        var version = node.AddVersion(number, name, segment, values, author, UtcNow);
        await db.SaveChangesAsync(ct);
        node.PointAtLatest(version);
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);

        await events.PublishAsync(new ContentSavedNotification(node, version), ct);
        return Attempt<ContentNode, ContentOperationStatus>.Ok(node);
    }

    private async Task<bool> IsHomeChildAsync(int parentId, CancellationToken ct)
    {
        var parent = await db.ContentNodes.AsNoTracking().FirstOrDefaultAsync(n => n.Id == parentId, ct);
        if (parent is null || parent.ParentId is not null)
        {
            return false;
        }

        var firstRoot = await db.ContentNodes.AsNoTracking().Where(n => n.ParentId == null)
            .OrderBy(n => n.SortOrder).ThenBy(n => n.Id).Select(n => n.Id).FirstOrDefaultAsync(ct);
        return firstRoot == parentId;
    }

    private static List<PublishedContent> LiveSubtree(PublishedContent root)
    {
        var list = new List<PublishedContent> { root };
        for (var i = 0; i < list.Count; i++)
        {
            list.AddRange(list[i].Children);
        }

        return list;
    }

    /// <summary>
    /// The items that go live when <paramref name="node"/>, not live now, is published: none while an ancestor is off
    /// the site; else the item and the published items below it that it kept off the site.
    /// </summary>
    private async Task<List<ContentChange>> BecomingLiveAsync(ContentNode node, CancellationToken ct)
    {
        var rows = await db.ContentNodes.AsNoTracking()
            .Select(n => new { n.Id, n.ParentId, n.Key, n.ContentTypeAlias, Published = n.PublishedVersionId != null })
            .ToListAsync(ct);
        var byId = rows.ToDictionary(r => r.Id);
        for (var parent = node.ParentId; parent is { } p; parent = byId[p].ParentId)
        {
            if (!byId[p].Published)
            {
                return [];
            }
        }

        var children = rows.ToLookup(r => r.ParentId);
        var changes = new List<ContentChange> { new(node.Key, node.ContentTypeAlias, ContentChangeKind.Published, UtcNow) };
        var stack = new Stack<int>([node.Id]);
        while (stack.TryPop(out var id))
        {
            foreach (var child in children[id].Where(c => c.Published))
            {
                changes.Add(new ContentChange(child.Key, child.ContentTypeAlias, ContentChangeKind.Published, UtcNow));
                stack.Push(child.Id);
            }
        }

        return changes;
    }

    private async Task<string?> SiblingUsesSegmentAsync(ContentNode node, string segment, CancellationToken ct) =>
        await db.ContentNodes.AsNoTracking()
            .Where(n => n.ParentId == node.ParentId && n.Id != node.Id)
            .Join(db.ContentVersions, n => n.LatestVersionId, v => v.Id, (n, v) => v)
            .Where(v => v.UrlSegment == segment)
            .Select(v => v.Name)
            .FirstOrDefaultAsync(ct);

    /// <summary>Swaps in the new snapshot and records a redirect for every live URL that changed.</summary>
    private async Task RefreshSnapshotAsync(IReadOnlyDictionary<Guid, string> oldUrls, CancellationToken ct)
    {
        await cache.RebuildAsync(ct);
        var snapshot = cache.Snapshot;
        var changed = false;
        foreach (var (key, oldUrl) in oldUrls)
        {
            if (snapshot.ByKey(key) is { } now && !string.Equals(now.Url, oldUrl, StringComparison.OrdinalIgnoreCase))
            {
                var existing = await db.RedirectUrls.FirstOrDefaultAsync(r => r.Path == oldUrl, ct);
                if (existing is null)
                {
                    db.RedirectUrls.Add(new RedirectUrl(oldUrl, key, UtcNow));
                }
                else
                {
                    existing.PointAt(key, UtcNow);
                }

                changed = true;
            }
        }

        // A live page wins over an old redirect that used its address.
        var liveUrls = snapshot.All.Select(c => c.Url).ToList();
        var shadowed = await db.RedirectUrls.Where(r => liveUrls.Contains(r.Path)).ToListAsync(ct);
        db.RedirectUrls.RemoveRange(shadowed);
        changed |= shadowed.Count > 0;

        if (changed)
        {
            await db.SaveChangesAsync(ct);
            await cache.RebuildAsync(ct);
        }
    }

    private IQueryable<ContentTreeItem> TreeItems(IQueryable<ContentNode> nodes) =>
        nodes.Join(db.ContentVersions, n => n.LatestVersionId, v => v.Id, (n, v) => new ContentTreeItem(
            n.Id, n.Key, n.ParentId, n.SortOrder, v.Name, n.ContentTypeAlias, n.PublishedVersionId != null,
            n.PublishedVersionId != n.LatestVersionId, n.PublishAtUtc, n.UnpublishAtUtc));

    [GeneratedRegex("^[a-z0-9]+(-[a-z0-9]+)*$")]
    private static partial Regex ValidSegment();

    [GeneratedRegex("-{2,}")]
    private static partial Regex MultipleHyphens();
}
