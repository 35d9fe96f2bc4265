using System.Globalization;
using SqmSite.Cms.ContentTypes;
using SqmSite.Cms.Published;

namespace SqmSite.Cms.Delivery.Content;

/// <summary>A page of results and how many items matched in all.</summary>
public sealed record ContentPage(int Total, IReadOnlyList<PublishedContent> Items);

/// <summary>Runs a <see cref="ContentQuery"/> over a snapshot in memory: no database, no per-item lookups.</summary>
public static class ContentQueryRunner
{
    /// <summary>
    /// The item a key or a path names, if it is delivered. A path is below <paramref name="startItem"/> when one is given
    /// (Umbraco's <c>Start-Item</c>), else a route path of the site.
    /// </summary>
    public static PublishedContent? Find(PublishedSnapshot snapshot, DeliverySchema schema, string idOrPath, PublishedContent? startItem = null)
    {
        var item = Guid.TryParse(idOrPath, out var key) ? snapshot.ByKey(key)
            : snapshot.ByUrl(startItem is null ? idOrPath : startItem.Url + idOrPath.TrimStart('/'));
        return item is not null && schema.IsDelivered(item.ContentTypeAlias) && item.Url.Length > 0 ? item : null;
    }

    /// <summary>
    /// The root a <c>Start-Item</c> header names, by its key or its URL segment: a delivered page at the root of the tree.
    /// </summary>
    public static PublishedContent? StartItem(PublishedSnapshot snapshot, DeliverySchema schema, string keyOrSegment)
    {
        var isKey = Guid.TryParse(keyOrSegment, out var key);
        var segment = keyOrSegment.Trim().Trim('/');
        return snapshot.Roots.FirstOrDefault(r => r.Url.Length > 0 && schema.IsDelivered(r.ContentTypeAlias)
            && (isKey ? r.Key == key : string.Equals(r.UrlSegment, segment, StringComparison.OrdinalIgnoreCase)));
    }

    /// <summary>The page of results, or null when the fetch names an item that does not exist. A fetch by path is below <paramref name="startItem"/>, if given.</summary>
    public static ContentPage? Run(PublishedSnapshot snapshot, DeliverySchema schema, ContentQuery query, PublishedContent? startItem = null)
    {
        IEnumerable<PublishedContent> source;
        if (query.Fetch.Kind == FetchKind.All)
        {
            // Start from the fewest items a filter allows; every filter still runs on them below.
            var index = DeliveryIndex.For(snapshot, schema);
            source = query.Filters.Select(index.Candidates).OfType<IReadOnlyList<PublishedContent>>().MinBy(c => c.Count) ?? snapshot.All;
        }
        else
        {
            if (Find(snapshot, schema, query.Fetch.Target!, startItem) is not { } start)
            {
                return null;
            }

            source = query.Fetch.Kind switch
            {
                FetchKind.Children => start.Children,
                FetchKind.Descendants => Descendants(start),
                _ => start.Ancestors(),
            };
        }

        var matches = source.Where(c => schema.IsDelivered(c.ContentTypeAlias) && c.Url.Length > 0);
        foreach (var filter in query.Filters)
        {
            var f = filter;
            matches = matches.Where(c => Matches(c, f));
        }

        IReadOnlyList<PublishedContent> list = query.Sorts.Count > 0
            ? [.. matches.Order(Comparer<PublishedContent>.Create(Comparison(query.Sorts)))]
            : [.. matches];
        return new ContentPage(list.Count, [.. list.Skip(query.Skip).Take(query.Take)]);
    }

    private static IEnumerable<PublishedContent> Descendants(PublishedContent root)
    {
        foreach (var child in root.Children)
        {
            yield return child;
            foreach (var below in Descendants(child))
            {
                yield return below;
            }
        }
    }

    private static bool Matches(PublishedContent c, FilterSpec filter)
    {
        var positive = filter.Operator != FilterOperator.IsNot;
        switch (filter.Field)
        {
            case "contentType":
                return filter.Values.Any(v => string.Equals(v, c.ContentTypeAlias, StringComparison.OrdinalIgnoreCase)) == positive;
            case "name":
                return filter.Values.Any(v => c.Name.Contains(v, StringComparison.OrdinalIgnoreCase)) == positive;
            case "createDate":
                return Compare(c.CreatedUtc, filter);
            case "updateDate":
                return Compare(c.UpdatedUtc, filter);
        }

        var property = filter.Property!;
        if (c.ContentType.Property(property.Alias) is null)
        {
            // An item without the property never equals a value, and so always passes a "not".
            return !positive;
        }

        switch (property.Editor)
        {
            case PropertyEditor.Number when filter.Operator is not (FilterOperator.Is or FilterOperator.IsNot):
                return c.Number(property.Alias) is { } n && Compare(n, decimal.Parse(filter.Values[0], CultureInfo.InvariantCulture), filter.Operator);
            case PropertyEditor.Number:
                return filter.Values.Any(v => c.Number(property.Alias) == decimal.Parse(v, CultureInfo.InvariantCulture)) == positive;
            case PropertyEditor.DateTime:
                return c.Date(property.Alias) is { } d && (filter.Operator is FilterOperator.Is or FilterOperator.IsNot
                    ? filter.Values.Any(v => ContentQuery.ParseDate(v)?.Date == d.Date) == positive
                    : Compare(d, filter));
            case PropertyEditor.TextList:
                var list = c.List(property.Alias);
                return filter.Values.Any(v => list.Contains(v, StringComparer.OrdinalIgnoreCase)) == positive;
            default:
                var value = c.Value(property.Alias);
                return filter.Values.Any(v => string.Equals(v, value, StringComparison.OrdinalIgnoreCase)) == positive;
        }
    }

    private static bool Compare(DateTime value, FilterSpec filter) =>
        Compare(value.Ticks, ContentQuery.ParseDate(filter.Values[0])!.Value.Ticks, filter.Operator);

    private static bool Compare<T>(T value, T bound, FilterOperator op) where T : IComparable<T>
    {
        var c = value.CompareTo(bound);
        return op switch
        {
            FilterOperator.Greater => c > 0,
            FilterOperator.GreaterOrEqual => c >= 0,
            FilterOperator.Less => c < 0,
            FilterOperator.LessOrEqual => c <= 0,
            _ => c == 0,
        };
    }

    /// <summary>One comparison of every sort in turn, the first that tells two items apart deciding (a stable sort keeps ties in tree order).</summary>
    private static Comparison<PublishedContent> Comparison(IReadOnlyList<SortSpec> sorts)
    {
        var comparisons = sorts.Select(Key).ToArray();
        return (a, b) =>
        {
            foreach (var compare in comparisons)
            {
                var c = compare(a, b);
                if (c != 0)
                {
                    return c;
                }
            }

            return 0;
        };
    }

    private static Comparison<PublishedContent> Key(SortSpec sort)
    {
        Comparison<PublishedContent> ascending = sort.Field switch
        {
            "name" => (a, b) => StringComparer.OrdinalIgnoreCase.Compare(a.Name, b.Name),
            "sortOrder" => (a, b) => a.SortOrder.CompareTo(b.SortOrder),
            "createDate" => (a, b) => a.CreatedUtc.CompareTo(b.CreatedUtc),
            "updateDate" => (a, b) => a.UpdatedUtc.CompareTo(b.UpdatedUtc),
            "level" => (a, b) => a.Level.CompareTo(b.Level),
            _ => sort.Property!.Editor switch
            {
                PropertyEditor.Number => (a, b) => Nullable.Compare(a.Number(sort.Field), b.Number(sort.Field)),
                PropertyEditor.DateTime => (a, b) => Nullable.Compare(a.Date(sort.Field), b.Date(sort.Field)),
                _ => (a, b) => StringComparer.OrdinalIgnoreCase.Compare(a.Value(sort.Field), b.Value(sort.Field)),
            },
        };
        return sort.Descending ? (a, b) => ascending(b, a) : ascending;
    }
}
