using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using SqmSite.Cms.Content;
using SqmSite.Cms.ContentTypes;
using SqmSite.Cms.Data;
using SqmSite.Cms.Forms;

namespace SqmSite.Cms.Sync;

/// <summary>A document type as a file in uSync/ContentTypes.</summary>
public sealed record ContentTypeFile(Guid Key, string Alias, string Name, string? Description, bool AllowedAtRoot,
    IReadOnlyList<string> AllowedChildren, IReadOnlyList<PropertyType> Properties, bool Routable = true);

/// <summary>A content item as a file in uSync/Content.</summary>
public sealed record ContentFile(Guid Key, Guid? ParentKey, string ContentType, string Name, string UrlSegment, int SortOrder,
    bool Published, JsonObject Values);

/// <summary>What an import did.</summary>
public sealed record SyncReport(int ContentTypesCreated, int ContentTypesUpdated, int ContentCreated, int ContentUpdated,
    int ContentPublished, IReadOnlyList<string> Problems, int FormsCreated = 0, int FormsUpdated = 0)
{
    public bool ChangedNothing => ContentTypesCreated + ContentTypesUpdated + ContentCreated + ContentUpdated + ContentPublished
        + FormsCreated + FormsUpdated == 0;

    public override string ToString() =>
        $"content types: {ContentTypesCreated} created, {ContentTypesUpdated} updated; forms: {FormsCreated} created, {FormsUpdated} updated; " +
        $"content: {ContentCreated} created, {ContentUpdated} updated, {ContentPublished} published; {Problems.Count} problem(s)";
}

/// <summary>
/// Moves document types, forms and content between the database and files (uSync's idea): one JSON file per item,
/// keyed by a stable Guid. Import is idempotent: it writes only what differs. Importing only new items leaves every
/// item the database has as it is, and only adds to document types (docs/decisions/0011).
/// </summary>
public sealed class SyncService(
    CmsDbContext db,
    ContentService content,
    IContentTypeService contentTypes,
    FormSyncService forms,
    TimeProvider clock,
    ILogger<SyncService> logger)
{
    public const string Author = "uSync";

    internal static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Converters = { new JsonStringEnumConverter() },
    };

    public async Task<bool> IsDatabaseEmptyAsync(CancellationToken ct = default) =>
        !await db.ContentTypes.AnyAsync(ct) && !await db.ContentNodes.AnyAsync(ct);

    /// <summary>Makes the database match the files: creates, updates, publishes and unpublishes.</summary>
    public Task<SyncReport> ImportAsync(string folder, CancellationToken ct = default) => ImportAsync(folder, createOnly: false, ct);

    /// <summary>
    /// Creates only the items whose key the database does not have (a release's new email template, form or document
    /// type) and adds missing properties and allowed children to existing document types; changes nothing else.
    /// </summary>
    public Task<SyncReport> ImportNewAsync(string folder, CancellationToken ct = default) => ImportAsync(folder, createOnly: true, ct);

    private async Task<SyncReport> ImportAsync(string folder, bool createOnly, CancellationToken ct)
    {
        var problems = new List<string>();
        var (typesCreated, typesUpdated) = await ImportContentTypesAsync(Path.Combine(folder, "ContentTypes"), createOnly, problems, ct);
        await contentTypes.ReloadAsync(ct);

        // Forms before content: a page names its form by alias.
        var (formsCreated, formsUpdated) = await forms.ImportAsync(folder, createOnly, problems, ct);

        var files = ReadAll<ContentFile>(Path.Combine(folder, "Content"), problems);
        var ordered = TreeOrder(files, problems);
        int created = 0, updated = 0, published = 0;
        var pendingKeys = files.Select(f => f.Key).ToHashSet();
        foreach (var file in ordered)
        {
            var (c, u, p) = await ImportContentAsync(file, createOnly, pendingKeys, problems, ct);
            created += c;
            updated += u;
            published += p;
        }

        var report = new SyncReport(typesCreated, typesUpdated, created, updated, published, problems, formsCreated, formsUpdated);
        logger.LogInformation("uSync import ({Mode}) from {Folder}: {Report}", createOnly ? "new items only" : "all items", folder, report);
        foreach (var problem in problems)
        {
            logger.LogWarning("uSync import: {Problem}", problem);
        }

        return report;
    }

    public async Task<int> ExportAsync(string folder, CancellationToken ct = default)
    {
        var typesFolder = Path.Combine(folder, "ContentTypes");
        var contentFolder = Path.Combine(folder, "Content");
        ClearJson(typesFolder);
        ClearJson(contentFolder);
        var count = 0;
        foreach (var type in await db.ContentTypes.AsNoTracking().OrderBy(t => t.Alias).ToListAsync(ct))
        {
            var file = new ContentTypeFile(type.Key, type.Alias, type.Name, type.Description, type.AllowedAtRoot, type.AllowedChildren, type.Properties, type.Routable);
            await WriteAsync(Path.Combine(typesFolder, type.Alias + ".json"), file, ct);
            count++;
        }

        var nodes = await db.ContentNodes.AsNoTracking().ToDictionaryAsync(n => n.Id, ct);
        var versions = await db.ContentVersions.AsNoTracking()
            .Where(v => db.ContentNodes.Any(n => n.LatestVersionId == v.Id)).ToDictionaryAsync(v => v.NodeId, ct);
        foreach (var node in nodes.Values)
        {
            var version = versions[node.Id];
            var parent = node.ParentId is { } pid ? nodes[pid] : null;
            var file = new ContentFile(node.Key, parent?.Key, node.ContentTypeAlias, version.Name, version.UrlSegment, node.SortOrder,
                node.IsPublished, version.Values);

            // Folders follow the tree below the root, so a person can find a page's file: categories/03-email-channel.json.
            var folders = new List<string>();
            for (var p = parent; p?.ParentId is { } grand; p = nodes[grand])
            {
                folders.Insert(0, versions[p.Id].UrlSegment);
            }

            var path = Path.Combine([contentFolder, .. folders, $"{node.SortOrder:00}-{version.UrlSegment}.json"]);
            await WriteAsync(path, file, ct);
            count++;
        }

        count += await forms.ExportAsync(folder, ct);
        logger.LogInformation("uSync export to {Folder}: {Count} files", folder, count);
        return count;
    }

    private async Task<(int Created, int Updated)> ImportContentTypesAsync(string folder, bool createOnly, List<string> problems, CancellationToken ct)
    {
        int created = 0, updated = 0;
        foreach (var file in ReadAll<ContentTypeFile>(folder, problems))
        {
            var type = await db.ContentTypes.FirstOrDefaultAsync(t => t.Key == file.Key, ct);
            var wanted = type is not null && createOnly ? WithAdditions(type, file) : file;
            if (type is null)
            {
                type = new ContentType(file.Key, file.Alias, file.Name);
                db.ContentTypes.Add(type);
                logger.LogInformation("uSync: created document type {Alias}", file.Alias);
                created++;
            }
            else if (type.Name == wanted.Name && type.Description == wanted.Description && type.AllowedAtRoot == wanted.AllowedAtRoot
                     && type.Routable == wanted.Routable && type.AllowedChildren.SequenceEqual(wanted.AllowedChildren)
                     && type.Properties.SequenceEqual(wanted.Properties))
            {
                continue;
            }
            else
            {
                logger.LogInformation("uSync: updated document type {Alias}; new properties [{Properties}], new allowed children [{Children}]", type.Alias,
                    string.Join(", ", wanted.Properties.Where(p => type.Property(p.Alias) is null).Select(p => p.Alias)),
                    string.Join(", ", wanted.AllowedChildren.Where(c => !type.AllowsChild(c))));
                updated++;
            }

            type.Update(wanted.Name, wanted.Description, wanted.AllowedAtRoot, wanted.Routable, wanted.AllowedChildren, wanted.Properties, clock.GetUtcNow().UtcDateTime);
        }

        await db.SaveChangesAsync(ct);
        return (created, updated);
    }

    /// <summary>An existing type with only what the file adds: the properties and allowed children it lacks, after its own.</summary>
    private static ContentTypeFile WithAdditions(ContentType type, ContentTypeFile file) => file with
    {
        Name = type.Name,
        Description = type.Description,
        AllowedAtRoot = type.AllowedAtRoot,
        Routable = type.Routable,
        AllowedChildren = [.. type.AllowedChildren, .. file.AllowedChildren.Where(c => !type.AllowsChild(c))],
        Properties = [.. type.Properties, .. file.Properties.Where(p => type.Property(p.Alias) is null)],
    };

    private async Task<(int Created, int Updated, int Published)> ImportContentAsync(ContentFile file, bool createOnly, IReadOnlySet<Guid> pendingKeys,
        List<string> problems, CancellationToken ct)
    {
        var edit = new ContentEdit(file.Name, file.UrlSegment,
            file.Values.ToDictionary(p => p.Key, p => (string?)PropertyValueParser.ToRaw(p.Value)), pendingKeys);
        var node = await content.GetNodeAsync(file.Key, ct);
        if (node is null && createOnly && await DeletedItem.WasDeletedAsync(db, file.Key, ct))
        {
            return (0, 0, 0); // someone deleted it: only the full import brings it back
        }

        int created = 0, updated = 0, published = 0;
        if (node is null)
        {
            int? parentId = null;
            if (file.ParentKey is { } parentKey)
            {
                parentId = (await content.GetNodeAsync(parentKey, ct))?.Id;
                if (parentId is null)
                {
                    problems.Add($"'{file.Name}': its parent {parentKey} does not exist.");
                    return (0, 0, 0);
                }
            }

            var result = await content.CreateAsync(parentId, file.ContentType, edit, Author, file.Key, ct);
            if (!result.Succeeded)
            {
                problems.Add($"'{file.Name}': {Describe(result)}");
                return (0, 0, 0);
            }

            node = result.Value!;
            logger.LogInformation("uSync: created {ContentType} '{Name}' ({Key})", file.ContentType, file.Name, file.Key);
            created++;
        }
        else if (createOnly)
        {
            return (0, 0, 0);
        }
        else
        {
            var latest = (await content.GetLatestVersionAsync(node, ct))!;
            var type = contentTypes.Get(node.ContentTypeAlias)!;
            content.Validate(type, edit.Values, out var values);
            if (latest.Name != file.Name.Trim() || latest.UrlSegment != file.UrlSegment || !JsonNode.DeepEquals(latest.Values, values))
            {
                var result = await content.SaveAsync(node.Id, edit, Author, ct);
                if (!result.Succeeded)
                {
                    problems.Add($"'{file.Name}': {Describe(result)}");
                    return (0, 0, 0);
                }

                updated++;
            }

            if (node.SortOrder != file.SortOrder)
            {
                node.MoveTo(file.SortOrder);
                await db.SaveChangesAsync(ct);
                updated++;
            }
        }

        if (file.Published && (!node.IsPublished || node.HasUnpublishedChanges))
        {
            var result = await content.PublishAsync(node.Id, Author, ct, pendingKeys);
            if (result.Succeeded)
            {
                published++;
            }
            else
            {
                problems.Add($"'{file.Name}' was not published: {Describe(result)}");
            }
        }
        else if (!file.Published && node.IsPublished)
        {
            await content.UnpublishAsync(node.Id, Author, ct);
            updated++;
        }

        return (created, updated, published);
    }

    private static string Describe<T>(Attempt<T, ContentOperationStatus> result) =>
        result.Errors.Count == 0 ? result.Message ?? result.Status.ToString() : string.Join(" ", result.Errors.Values);

    private static List<ContentFile> TreeOrder(List<ContentFile> files, List<string> problems)
    {
        var byParent = files.ToLookup(f => f.ParentKey);
        var ordered = new List<ContentFile>();
        var queue = new Queue<ContentFile>(byParent[null].OrderBy(f => f.SortOrder));
        while (queue.Count > 0)
        {
            var file = queue.Dequeue();
            ordered.Add(file);
            foreach (var child in byParent[file.Key].OrderBy(f => f.SortOrder))
            {
                queue.Enqueue(child);
            }
        }

        // Items whose parent is not in the files may already exist in the database.
        foreach (var orphan in files.Except(ordered))
        {
            ordered.Add(orphan);
        }

        return ordered;
    }

    private static List<T> ReadAll<T>(string folder, List<string> problems)
    {
        var list = new List<T>();
        if (!Directory.Exists(folder))
        {
            return list;
        }

        foreach (var path in Directory.EnumerateFiles(folder, "*.json", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            try
            {
                list.Add(JsonSerializer.Deserialize<T>(File.ReadAllText(path), Json) ?? throw new JsonException("empty file"));
            }
            catch (JsonException ex)
            {
                problems.Add($"{Path.GetFileName(path)} could not be read: {ex.Message}");
            }
        }

        return list;
    }

    private static async Task WriteAsync<T>(string path, T value, CancellationToken ct)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        await File.WriteAllTextAsync(path, JsonSerializer.Serialize(value, Json) + "\n", ct);
    }

    private static void ClearJson(string folder)
    {
        if (Directory.Exists(folder))
        {
            foreach (var path in Directory.EnumerateFiles(folder, "*.json", SearchOption.AllDirectories))
            {
                File.Delete(path);
            }
        }
    }
}
