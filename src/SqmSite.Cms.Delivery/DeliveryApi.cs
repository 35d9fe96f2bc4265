using System.ComponentModel;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Options;
using SqmSite.Cms.Content;
using SqmSite.Cms.ContentTypes;
using SqmSite.Cms.Delivery.Content;
using SqmSite.Cms.Media;
using SqmSite.Cms.Published;
using SqmSite.Cms.Web;

namespace SqmSite.Cms.Delivery;

/// <summary>The engine's delivery endpoints: content items and queries, media, and the change feed.</summary>
internal sealed class DeliveryApi : IEndpointModule
{
    private const int MaxIds = 100;

    private const string StartItemDescription =
        "The root that paths are below, by its id or URL segment (Umbraco's header): with `Start-Item: home`, `path` and `fetch=children:/` name "
        + "items below the home page. The whole site when left out; a value that names no root is a 400.";

    public void MapEndpoints(IEndpointRouteBuilder endpoints)
    {
        var content = endpoints.MapDeliveryGroup("/content", "Content");
        content.MapGet("/item/{id:guid}", ItemByIdAsync).WithName("GetContentItemById")
            .WithSummary("One content item by its id")
            .WithDescription("A published page by its key. With `Preview: true` and a preview key, its newest draft.")
            .Produces<DeliveryDocs.ContentItem>().ProducesProblem(401).ProducesProblem(404).ProducesProblem(429);
        content.MapGet("/item/{**path}", ItemByPathAsync).WithName("GetContentItemByPath")
            .WithSummary("One content item by its path")
            .WithDescription("A published page by its route path, such as `past-winners/2025`.")
            .Produces<DeliveryDocs.ContentItem>().ProducesProblem(401).ProducesProblem(404).ProducesProblem(429);
        content.MapGet("/items", ItemsAsync).WithName("GetContentItems")
            .WithSummary("Several content items by id")
            .WithDescription("Up to 100 ids, as `id=a&id=b`; ids that are not published are left out, in the order asked.")
            .Produces<DeliveryDocs.ContentItem[]>().ProducesProblem(400).ProducesProblem(401).ProducesProblem(429);
        content.MapGet("", QueryAsync).WithName("QueryContent")
            .WithSummary("Query content: fetch, filter, sort, page")
            .WithDescription("""
                Lists published pages. `fetch=children:{id|path}`, `descendants:` or `ancestors:` picks where to start (all pages
                when left out). `filter=` narrows, and several filters all apply: `contentType:winnerStory`, `contentType:!faqPage`,
                `name:coaching`, `updateDate>2026-01-01`, and the filterable properties of the document types, such as
                `year:2025` or `category:IVR Self-Service` (a list with commas means any of them). `sort=` orders, by `name`,
                `sortOrder`, `createDate`, `updateDate`, `level` or a sortable property, with `:asc` or `:desc`. `skip` and `take`
                (at most 100, 10 when left out) page; `total` counts every match.
                """)
            .Produces<DeliveryDocs.ContentList>().ProducesProblem(400).ProducesProblem(401).ProducesProblem(404).ProducesProblem(429);

        var media = endpoints.MapDeliveryGroup("/media", "Media");
        media.MapGet("/item/{id:guid}", MediaItemAsync).WithName("GetMediaItem")
            .WithSummary("One media item by its id")
            .WithDescription("An image with its crop URLs (logo, card, hero, og) and its rendition widths, or a file with its URL.")
            .Produces<DeliveryDocs.MediaItem>().ProducesProblem(401).ProducesProblem(404).ProducesProblem(429);
        media.MapGet("/items", MediaItemsAsync).WithName("GetMediaItems")
            .WithSummary("Several media items by id")
            .WithDescription("Up to 100 ids, as `id=a&id=b`; unknown ids are left out.")
            .Produces<DeliveryDocs.MediaItem[]>().ProducesProblem(400).ProducesProblem(401).ProducesProblem(429);

        var changes = endpoints.MapDeliveryGroup("/changes", "Changes");
        changes.MapGet("", ChangesAsync).WithName("GetChanges")
            .WithSummary("What was published, unpublished or deleted since a cursor")
            .WithDescription("""
                The change feed, to keep a copy in sync: start with no `since` (or 0), apply the items in order, and call again
                with the `cursor` of the answer. An item that left the site with its parent is listed too. Fetch a published
                item's content with `/content/item/{id}`. `take` is at most 100 (100 when left out); `hasMore` says to call again at once.
                Changes are kept for 30 days: a cursor older than that answers 410 with the `cursor` to follow after reading
                the content again.
                """)
            .Produces<DeliveryDocs.ChangeList>().ProducesProblem(400).ProducesProblem(401).ProducesProblem(410).ProducesProblem(429);
    }

    private static async Task<IResult> ItemByIdAsync([Description("The item's key (a GUID).")] Guid id, HttpContext http, DeliverySnapshots snapshots,
        [Description("Properties to include, e.g. `properties[headline,year]`; all when left out.")] string? fields,
        [Description("Pickers to expand, e.g. `properties[$all]` or `properties[categoryPage]`; none when left out.")] string? expand)
    {
        var (json, selection, _, problem) = await PrepareAsync(http, snapshots, fields, expand, null);
        if (problem is not null)
        {
            return problem;
        }

        return ContentQueryRunner.Find(json!.Snapshot, json.Schema, id.ToString()) is { } item
            ? new DeliveryJsonResult(w => json.Writer.WriteItem(w, item, selection.Fields, selection.Expand, 1))
            : DeliveryProblems.NotFound($"No published content has the id {id}.");
    }

    private static async Task<IResult> ItemByPathAsync([Description("The route path below the start item, such as `past-winners/2025/`.")] string path, HttpContext http, DeliverySnapshots snapshots,
        [Description("Properties to include, e.g. `properties[headline,year]`; all when left out.")] string? fields,
        [Description("Pickers to expand, e.g. `properties[$all]`; none when left out.")] string? expand,
        [FromHeader(Name = DeliveryAccess.StartItemHeader), Description(StartItemDescription)] string? startItem)
    {
        var (json, selection, start, problem) = await PrepareAsync(http, snapshots, fields, expand, startItem);
        if (problem is not null)
        {
            return problem;
        }

        return ContentQueryRunner.Find(json!.Snapshot, json.Schema, "/" + path, start) is { } item
            ? new DeliveryJsonResult(w => json.Writer.WriteItem(w, item, selection.Fields, selection.Expand, 1))
            : DeliveryProblems.NotFound($"No published content has the path /{ContentQuery.Shorten(path)}{(start is null ? "" : $" below the start item {start.UrlSegment}")}.");
    }

    private static async Task<IResult> ItemsAsync(HttpContext http, DeliverySnapshots snapshots,
        [Description("The items' ids, up to 100: `id=a&id=b`.")] string[]? id,
        [Description("Properties to include; all when left out.")] string? fields,
        [Description("Pickers to expand; none when left out.")] string? expand)
    {
        if (Ids(id) is not { } keys)
        {
            return BadIds();
        }

        var (json, selection, _, problem) = await PrepareAsync(http, snapshots, fields, expand, null);
        if (problem is not null)
        {
            return problem;
        }

        var items = keys.Select(k => ContentQueryRunner.Find(json!.Snapshot, json.Schema, k.ToString())).OfType<PublishedContent>().ToList();
        return new DeliveryJsonResult(w => json!.Writer.WriteItems(w, items, selection.Fields, selection.Expand));
    }

    private static async Task<IResult> QueryAsync(HttpContext http, DeliverySnapshots snapshots,
        [Description("`children:{id|path}`, `descendants:{id|path}` or `ancestors:{id|path}`; all pages when left out.")] string? fetch,
        [Description("`contentType:alias`, `contentType:!alias`, `name:text`, `createDate>2026-01-01`, `updateDate<…`, or a filterable property such as `year:2025`; repeat to combine.")] string[]? filter,
        [Description("`name`, `sortOrder`, `createDate`, `updateDate`, `level` or a sortable property, with `:asc` or `:desc`; repeat for ties.")] string[]? sort,
        [Description("How many matches to skip (a whole number, 0 when left out).")] string? skip,
        [Description("How many to return: 0 to 100, 10 when left out.")] string? take,
        [Description("Properties to include; all when left out.")] string? fields,
        [Description("Pickers to expand; none when left out.")] string? expand,
        [FromHeader(Name = DeliveryAccess.StartItemHeader), Description(StartItemDescription)] string? startItem)
    {
        var (json, selection, start, problem) = await PrepareAsync(http, snapshots, fields, expand, startItem);
        if (problem is not null)
        {
            return problem;
        }

        var query = ContentQuery.Parse(fetch, filter ?? [], sort ?? [], skip, take, json!.Schema);
        if (!query.Succeeded)
        {
            return DeliveryProblems.From(query, "The query is not valid");
        }

        var page = ContentQueryRunner.Run(json.Snapshot, json.Schema, query.Value!, start);
        return page is null
            ? DeliveryProblems.NotFound($"fetch names {ContentQuery.Shorten(query.Value!.Fetch.Target!)}, which is not published content.")
            : new DeliveryJsonResult(w => json.Writer.WriteList(w, page, selection.Fields, selection.Expand));
    }

    private static async Task<IResult> MediaItemAsync([Description("The media item's key (a GUID).")] Guid id, HttpContext http, DeliverySnapshots snapshots)
    {
        var json = await snapshots.ForAsync(http);
        return json.Media.ByKey(id) is { } entry
            ? new DeliveryJsonResult(w => json.Writer.WriteMedia(w, entry))
            : DeliveryProblems.NotFound($"No media item has the id {id}.");
    }

    private static async Task<IResult> MediaItemsAsync(HttpContext http, DeliverySnapshots snapshots,
        [Description("The items' ids, up to 100: `id=a&id=b`.")] string[]? id)
    {
        if (Ids(id) is not { } keys)
        {
            return BadIds();
        }

        var json = await snapshots.ForAsync(http);
        var entries = keys.Select(json.Media.ByKey).OfType<MediaEntry>().ToList();
        return new DeliveryJsonResult(w =>
        {
            w.WriteStartArray();
            foreach (var entry in entries)
            {
                json.Writer.WriteMedia(w, entry);
            }

            w.WriteEndArray();
        });
    }

    private static async Task<IResult> ChangesAsync(HttpContext http, ContentChangeLog log, IContentTypeService contentTypes,
        [Description("The cursor of the previous answer; 0 or left out to start from the beginning.")] string? since,
        [Description("How many changes: 1 to 100, 100 when left out.")] string? take)
    {
        var errors = new Dictionary<string, string>();
        long after = 0;
        if (!string.IsNullOrEmpty(since) && (!long.TryParse(since, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out after)))
        {
            errors["since"] = "since must be the cursor of an earlier answer (a whole number), or 0.";
        }

        var count = 100;
        if (!string.IsNullOrEmpty(take) && (!int.TryParse(take, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out count) || count is < 1 or > 100))
        {
            errors["take"] = "take must be a whole number from 1 to 100.";
        }

        if (errors.Count > 0)
        {
            return DeliveryProblems.From(Attempt<DeliveryQueryStatus>.Fail(DeliveryQueryStatus.Invalid, errors.Values.First(), errors), "The query is not valid");
        }

        // A cursor from before the trimmed rows (0 included, once anything was trimmed) would skip changes without saying so.
        if (await log.TrimmedThroughAsync(http.RequestAborted) is var trimmed && after < trimmed)
        {
            var latest = await log.LatestAsync(http.RequestAborted);
            var gone = DeliveryAccess.Problem(StatusCodes.Status410Gone, "The change feed no longer reaches back that far",
                $"Changes up to {trimmed.ToString(System.Globalization.CultureInfo.InvariantCulture)} were removed after "
                + $"{ContentChangeLog.KeepFor.TotalDays:0} days. Read the content again (GET /api/delivery/v1/content), then follow the feed with since={latest.ToString(System.Globalization.CultureInfo.InvariantCulture)}.");
            gone.Extensions["cursor"] = latest.ToString(System.Globalization.CultureInfo.InvariantCulture);
            return DeliveryProblems.From(gone);
        }

        // One more than asked says whether there is more. Data types (email templates) are read past but not shown.
        var rows = await log.ReadAsync(after, count + 1, ContentChange.ContentKinds, http.RequestAborted);
        var page = rows.Take(count).ToList();
        var schema = new DeliverySchema(contentTypes.All);
        var cursor = page.Count > 0 ? page[^1].Id : after;
        return new DeliveryJsonResult(w =>
        {
            w.WriteStartObject();
            w.WriteString("cursor", cursor.ToString(System.Globalization.CultureInfo.InvariantCulture));
            w.WriteBoolean("hasMore", rows.Count > count);
            w.WriteStartArray("items");
            foreach (var change in page.Where(c => schema.IsDelivered(c.ContentTypeAlias)))
            {
                w.WriteStartObject();
                w.WriteString("cursor", change.Id.ToString(System.Globalization.CultureInfo.InvariantCulture));
                w.WriteString("id", change.ContentKey);
                w.WriteString("contentType", change.ContentTypeAlias);
                w.WriteString("change", change.Kind.ToString());
                w.WriteString("date", DateTime.SpecifyKind(change.ChangedUtc, DateTimeKind.Utc));
                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteEndObject();
        });
    }

    /// <summary>
    /// What the content endpoints share: the view, the chosen properties and the root the <c>Start-Item</c> header names
    /// (paths are below it, as in Umbraco); a header that names no root is a 400, not a silent fall back to the site.
    /// </summary>
    private static async Task<(DeliveryView? Json, (PropertySelection Fields, PropertySelection Expand) Selection, PublishedContent? Start, IResult? Problem)> PrepareAsync(
        HttpContext http, DeliverySnapshots snapshots, string? fields, string? expand, string? startItem)
    {
        var f = PropertySelection.Parse(fields, "fields", PropertySelection.All);
        var e = PropertySelection.Parse(expand, "expand", PropertySelection.None);
        if (!f.Succeeded || !e.Succeeded)
        {
            return (null, default, null, DeliveryProblems.From(f.Succeeded ? e : f, "The query is not valid"));
        }

        var json = await snapshots.ForAsync(http);
        var header = startItem?.Trim() ?? "";
        if (header.Length == 0)
        {
            return (json, (f.Value!, e.Value!), null, null);
        }

        if (header.Length <= 200 && ContentQueryRunner.StartItem(json.Snapshot, json.Schema, header) is { } start)
        {
            return (json, (f.Value!, e.Value!), start, null);
        }

        var roots = string.Join(", ", json.Snapshot.Roots.Where(r => r.Url.Length > 0 && json.Schema.IsDelivered(r.ContentTypeAlias)).Select(r => r.UrlSegment));
        return (null, default, null, DeliveryProblems.From(DeliveryAccess.Problem(StatusCodes.Status400BadRequest, "Unknown start item",
            $"Start-Item '{ContentQuery.Shorten(header)}' names no root of the content tree. Give a root's id or URL segment ({roots}), or leave the header out.")));
    }

    private static List<Guid>? Ids(string[]? ids)
    {
        if (ids is null || ids.Length is 0 or > MaxIds)
        {
            return null;
        }

        var keys = new List<Guid>(ids.Length);
        foreach (var id in ids)
        {
            if (!Guid.TryParse(id, out var key))
            {
                return null;
            }

            keys.Add(key);
        }

        return keys;
    }

    private static IResult BadIds()
    {
        const string Message = "Give from 1 to 100 ids, each a GUID: id=…&id=….";
        return DeliveryProblems.From(Attempt<DeliveryQueryStatus>.Fail(DeliveryQueryStatus.Invalid, Message,
            new Dictionary<string, string> { ["id"] = Message }), "The query is not valid");
    }
}

/// <summary>What one request reads: the live snapshot (or for preview the drafts), the media, and a writer over both.</summary>
public sealed record DeliveryView(PublishedSnapshot Snapshot, MediaSnapshot Media, DeliverySchema Schema, DeliveryJson Writer);

/// <summary>Gives each request its <see cref="DeliveryView"/>; preview builds the drafts' snapshot from the database.</summary>
public sealed class DeliverySnapshots(IPublishedContentCache cache, IMediaCatalog catalog, MediaUrls urls, IContentTypeService contentTypes,
    IOptions<MediaOptions> mediaOptions)
{
    public async Task<DeliveryView> ForAsync(HttpContext http)
    {
        var caller = await http.CallerAsync();
        return await ViewAsync(caller.Preview ? await cache.BuildPreviewAsync(http.RequestAborted) : cache.Snapshot, http.RequestAborted);
    }

    /// <summary>The live snapshot whoever asks: for endpoints that deliver published content only, preview or not.</summary>
    public Task<DeliveryView> PublishedAsync(CancellationToken ct) => ViewAsync(cache.Snapshot, ct);

    private async Task<DeliveryView> ViewAsync(PublishedSnapshot snapshot, CancellationToken ct)
    {
        var media = await catalog.GetAsync(ct);
        var schema = new DeliverySchema(contentTypes.All);
        return new DeliveryView(snapshot, media, schema, new DeliveryJson(snapshot, media, urls, mediaOptions.Value.AllowedWidths, schema));
    }
}
