using System.Text.Json.Serialization;
using System.Text.RegularExpressions;

namespace SqmSite.Cms.ContentTypes;

/// <summary>The editors a property can use; each decides how input is parsed, validated and stored.</summary>
public enum PropertyEditor
{
    Text,
    LongText,
    RichText,
    Number,
    DateTime,
    Boolean,
    TextList,
    ContentPicker,
    MediaPicker,
}

/// <summary>A property of a document type.</summary>
public sealed record PropertyType
{
    public required string Alias { get; init; }

    public required string Name { get; init; }

    public PropertyEditor Editor { get; init; }

    public bool Required { get; init; }

    public string? Description { get; init; }

    public int? MaxLength { get; init; }

    /// <summary>A regular expression the whole value must match (Text and LongText).</summary>
    public string? Pattern { get; init; }

    /// <summary>Delivery API clients may filter on it (<c>filter=alias:value</c>): a winner story's year and category.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public bool Filterable { get; init; }

    /// <summary>Delivery API clients may sort by it (<c>sort=alias:desc</c>).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public bool Sortable { get; init; }

    public bool Matches(string value) =>
        Pattern is null || Regex.IsMatch(value, Pattern, RegexOptions.CultureInvariant, TimeSpan.FromMilliseconds(100));
}

/// <summary>A document type: the schema of a kind of page, and the name of its Razor template.</summary>
public sealed class ContentType
{
    private ContentType()
    {
    }

    public ContentType(Guid key, string alias, string name)
    {
        Key = key;
        Alias = alias;
        Name = name;
    }

    public int Id { get; private set; }

    public Guid Key { get; private set; }

    public string Alias { get; private set; } = "";

    public string Name { get; private set; } = "";

    public string? Description { get; private set; }

    public bool AllowedAtRoot { get; private set; }

    /// <summary>False for content that is data rather than a page (email templates, settings): it has no URL and no template.</summary>
    public bool Routable { get; private set; } = true;

    public IReadOnlyList<string> AllowedChildren { get; private set; } = [];

    public IReadOnlyList<PropertyType> Properties { get; private set; } = [];

    public DateTime UpdatedUtc { get; private set; }

    public PropertyType? Property(string alias) =>
        Properties.FirstOrDefault(p => string.Equals(p.Alias, alias, StringComparison.OrdinalIgnoreCase));

    public bool AllowsChild(string alias) => AllowedChildren.Contains(alias, StringComparer.OrdinalIgnoreCase);

    public void Update(string name, string? description, bool allowedAtRoot, bool routable, IEnumerable<string> allowedChildren,
        IEnumerable<PropertyType> properties, DateTime utcNow)
    {
        var props = properties.ToList();
        var duplicate = props.GroupBy(p => p.Alias, StringComparer.OrdinalIgnoreCase).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            throw new InvalidOperationException($"Document type '{Alias}' defines property '{duplicate.Key}' twice.");
        }

        Name = name;
        Description = description;
        AllowedAtRoot = allowedAtRoot;
        Routable = routable;
        AllowedChildren = allowedChildren.ToList();
        Properties = props;
        UpdatedUtc = utcNow;
    }
}
