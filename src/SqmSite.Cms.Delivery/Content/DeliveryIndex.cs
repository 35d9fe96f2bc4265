using System.Globalization;
using System.Runtime.CompilerServices;
using SqmSite.Cms.ContentTypes;
using SqmSite.Cms.Published;

namespace SqmSite.Cms.Delivery.Content;

/// <summary>
/// Look-ups built once per published snapshot (a snapshot never changes; a publish makes a new one): the delivered
/// items by document type and by the value of each filterable property, in tree order. A query over all content
/// starts from the smallest of these lists instead of scanning every page: with 10,000 winner stories a
/// <c>year:2019</c> filter reads its ~600 stories, not 10,000.
/// </summary>
internal sealed class DeliveryIndex
{
    private static readonly ConditionalWeakTable<PublishedSnapshot, DeliveryIndex> Built = new();

    private readonly Dictionary<string, List<PublishedContent>> _byType = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, Dictionary<string, List<PublishedContent>>> _byText = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, Dictionary<decimal, List<PublishedContent>>> _byNumber = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<PublishedContent, int> _position = new(ReferenceEqualityComparer.Instance);
    private readonly string _filterable;

    private DeliveryIndex(PublishedSnapshot snapshot, DeliverySchema schema)
    {
        _filterable = Signature(schema);
        foreach (var item in snapshot.All)
        {
            if (!schema.IsDelivered(item.ContentTypeAlias) || item.Url.Length == 0)
            {
                continue;
            }

            _position[item] = _position.Count;
            Add(_byType, item.ContentTypeAlias, item);
            foreach (var property in item.ContentType.Properties)
            {
                if (schema.Filterable(property.Alias) is null)
                {
                    continue;
                }

                if (property.Editor == PropertyEditor.Number)
                {
                    if (item.Number(property.Alias) is { } n)
                    {
                        Add(Values(_byNumber, property.Alias), n, item);
                    }
                }
                else if (property.Editor is PropertyEditor.Text or PropertyEditor.LongText && item.Value(property.Alias) is { } text)
                {
                    Add(Values(_byText, property.Alias), text, item);
                }
            }
        }
    }

    /// <summary>Every delivered item, in tree order.</summary>
    public int Count => _position.Count;

    public static DeliveryIndex For(PublishedSnapshot snapshot, DeliverySchema schema)
    {
        var index = Built.GetValue(snapshot, s => new DeliveryIndex(s, schema));
        if (index._filterable != Signature(schema))
        {
            // A document type changed what is filterable without a new snapshot: index again.
            index = new DeliveryIndex(snapshot, schema);
            Built.AddOrUpdate(snapshot, index);
        }

        return index;
    }

    /// <summary>
    /// The items one filter can match at most, in tree order, when an index answers it (a positive <c>:</c> filter on
    /// the document type or on a filterable text or number property); null when it cannot narrow anything.
    /// </summary>
    public IReadOnlyList<PublishedContent>? Candidates(FilterSpec filter)
    {
        if (filter.Operator != FilterOperator.Is)
        {
            return null;
        }

        if (filter.Field == "contentType")
        {
            return Union(filter.Values.Select(v => _byType.GetValueOrDefault(v)));
        }

        if (filter.Property is not { } property)
        {
            return null;
        }

        if (property.Editor == PropertyEditor.Number)
        {
            var numbers = _byNumber.GetValueOrDefault(property.Alias);
            return Union(filter.Values.Select(v => numbers?.GetValueOrDefault(decimal.Parse(v, NumberStyles.Number, CultureInfo.InvariantCulture))));
        }

        if (property.Editor is PropertyEditor.Text or PropertyEditor.LongText)
        {
            var texts = _byText.GetValueOrDefault(property.Alias);
            return Union(filter.Values.Select(v => texts?.GetValueOrDefault(v)));
        }

        return null;
    }

    private IReadOnlyList<PublishedContent> Union(IEnumerable<List<PublishedContent>?> lists)
    {
        var found = lists.OfType<List<PublishedContent>>().ToList();
        return found.Count switch
        {
            0 => [],
            1 => found[0],
            _ => [.. found.SelectMany(l => l).Distinct().OrderBy(i => _position[i])],
        };
    }

    private static string Signature(DeliverySchema schema) => string.Join(",", schema.FilterableAliases);

    private static Dictionary<TKey, List<PublishedContent>> Values<TKey>(Dictionary<string, Dictionary<TKey, List<PublishedContent>>> all, string alias)
        where TKey : notnull
    {
        if (!all.TryGetValue(alias, out var values))
        {
            values = typeof(TKey) == typeof(string)
                ? new Dictionary<TKey, List<PublishedContent>>((IEqualityComparer<TKey>)StringComparer.OrdinalIgnoreCase)
                : new Dictionary<TKey, List<PublishedContent>>();
            all[alias] = values;
        }

        return values;
    }

    private static void Add<TKey>(Dictionary<TKey, List<PublishedContent>> lists, TKey key, PublishedContent item) where TKey : notnull
    {
        if (!lists.TryGetValue(key, out var list))
        {
            list = [];
            lists[key] = list;
        }

        list.Add(item);
    }
}
