using System.Globalization;
using System.Text.Json.Nodes;
using SqmSite.Cms.ContentTypes;

namespace SqmSite.Cms.Published;

/// <summary>A content item as the public site sees it: immutable, held in memory, linked to its tree.</summary>
public sealed class PublishedContent
{
    private readonly JsonObject _values;
    private readonly List<PublishedContent> _children = [];

    internal PublishedContent(int id, Guid key, string name, string urlSegment, ContentType contentType, int sortOrder,
        DateTime createdUtc, DateTime updatedUtc, JsonObject values, bool isDraft = false)
    {
        Id = id;
        Key = key;
        Name = name;
        UrlSegment = urlSegment;
        ContentType = contentType;
        SortOrder = sortOrder;
        CreatedUtc = createdUtc;
        UpdatedUtc = updatedUtc;
        _values = values;
        IsDraft = isDraft;
    }

    public int Id { get; }

    public Guid Key { get; }

    public string Name { get; }

    public string UrlSegment { get; }

    /// <summary>The path of the page, with leading and trailing slash ("/" for the home page).</summary>
    public string Url { get; internal set; } = "/";

    public ContentType ContentType { get; }

    public string ContentTypeAlias => ContentType.Alias;

    public int SortOrder { get; }

    /// <summary>When the item was first created (Umbraco's <c>createDate</c>).</summary>
    public DateTime CreatedUtc { get; }

    /// <summary>When the live version was published, or for a draft when it was saved (<c>updateDate</c>).</summary>
    public DateTime UpdatedUtc { get; }

    /// <summary>True for a draft rendered in preview; never true on the public site.</summary>
    public bool IsDraft { get; }

    public PublishedContent? Parent { get; internal set; }

    public IReadOnlyList<PublishedContent> Children => _children;

    public int Level => Parent is null ? 0 : Parent.Level + 1;

    /// <summary>This item's ancestors, the root first.</summary>
    public IReadOnlyList<PublishedContent> Ancestors()
    {
        var list = new List<PublishedContent>();
        for (var p = Parent; p is not null; p = p.Parent)
        {
            list.Insert(0, p);
        }

        return list;
    }

    public bool HasValue(string alias) => _values[alias] switch
    {
        JsonArray a => a.Count > 0,
        _ => !string.IsNullOrEmpty(Value(alias)),
    };

    /// <summary>A text value (for rich text: sanitized HTML), or null. Numbers and booleans come back as their text.</summary>
    public string? Value(string alias) => _values[alias] is JsonValue v ? AsText(v) : null;

    public IReadOnlyList<string> List(string alias) =>
        _values[alias] is JsonArray a ? [.. a.OfType<JsonValue>().Select(AsText)] : [];

    private static string AsText(JsonValue value) =>
        value.TryGetValue<string>(out var s) ? s : value.ToJsonString();

    /// <summary>A date-time value as stored: wall-clock time in whatever zone the page says.</summary>
    public DateTime? Date(string alias) =>
        Value(alias) is { } s && DateTime.TryParseExact(s, PropertyValueParser.DateTimeFormat, CultureInfo.InvariantCulture, DateTimeStyles.None, out var d)
            ? d : null;

    public decimal? Number(string alias) =>
        Value(alias) is { } s && decimal.TryParse(s, NumberStyles.Number, CultureInfo.InvariantCulture, out var d) ? d : null;

    public bool Bool(string alias) => Value(alias) == "true";

    public Guid? Picked(string alias) => Guid.TryParse(Value(alias), out var g) ? g : null;

    internal void AddChild(PublishedContent child)
    {
        child.Parent = this;
        _children.Add(child);
    }

    internal void SortChildren() => _children.Sort((a, b) => a.SortOrder.CompareTo(b.SortOrder));
}
