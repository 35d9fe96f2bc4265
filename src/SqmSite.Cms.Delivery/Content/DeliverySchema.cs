using SqmSite.Cms.ContentTypes;

namespace SqmSite.Cms.Delivery.Content;

/// <summary>What the document types let clients filter and sort on, and which types the API shows at all (pages, not data).</summary>
public sealed class DeliverySchema
{
    private readonly Dictionary<string, PropertyType> _filterable = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, PropertyType> _sortable = new(StringComparer.OrdinalIgnoreCase);
    private readonly HashSet<string> _types = new(StringComparer.OrdinalIgnoreCase);

    public DeliverySchema(IEnumerable<ContentType> types)
    {
        foreach (var type in types.Where(t => t.Routable))
        {
            _types.Add(type.Alias);
            foreach (var property in type.Properties)
            {
                if (property.Filterable)
                {
                    _filterable.TryAdd(property.Alias, property);
                }

                if (property.Sortable)
                {
                    _sortable.TryAdd(property.Alias, property);
                }
            }
        }
    }

    public IEnumerable<string> FilterableAliases => _filterable.Keys.Order(StringComparer.Ordinal);

    public IEnumerable<string> SortableAliases => _sortable.Keys.Order(StringComparer.Ordinal);

    public PropertyType? Filterable(string alias) => _filterable.GetValueOrDefault(alias);

    public PropertyType? Sortable(string alias) => _sortable.GetValueOrDefault(alias);

    /// <summary>
    /// Only pages are delivered: data types without a URL (email templates and other settings) are the site's own and
    /// may hold what is not meant for other front ends.
    /// </summary>
    public bool IsDelivered(string contentTypeAlias) => _types.Contains(contentTypeAlias);
}
