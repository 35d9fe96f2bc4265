using System.Text.Json.Nodes;

namespace SqmSite.Cms.Content;

/// <summary>
/// An item of the content tree. Every save writes a new immutable <see cref="ContentVersion"/>;
/// the node points at its newest version (the draft) and at the version that is live (if any).
/// </summary>
public sealed class ContentNode
{
    private readonly List<ContentVersion> _versions = [];

    private ContentNode()
    {
    }

    internal ContentNode(Guid key, int? parentId, string contentTypeAlias, int sortOrder, DateTime utcNow)
    {
        Key = key;
        ParentId = parentId;
        ContentTypeAlias = contentTypeAlias;
        SortOrder = sortOrder;
        CreatedUtc = utcNow;
        UpdatedUtc = utcNow;
    }

    public int Id { get; private set; }

    public Guid Key { get; private set; }

    public int? ParentId { get; private set; }

    public int SortOrder { get; private set; }

    public string ContentTypeAlias { get; private set; } = "";

    public DateTime CreatedUtc { get; private set; }

    public DateTime UpdatedUtc { get; private set; }

    /// <summary>The newest version: what the editor sees.</summary>
    public int? LatestVersionId { get; private set; }

    /// <summary>The live version, or null when the item is not published.</summary>
    public int? PublishedVersionId { get; private set; }

    public DateTime? PublishedUtc { get; private set; }

    /// <summary>When set, the scheduler publishes the newest version at that time.</summary>
    public DateTime? PublishAtUtc { get; private set; }

    /// <summary>When set, the scheduler unpublishes the item at that time.</summary>
    public DateTime? UnpublishAtUtc { get; private set; }

    public IReadOnlyCollection<ContentVersion> Versions => _versions;

    public bool IsPublished => PublishedVersionId is not null;

    /// <summary>True when the draft differs from what is live.</summary>
    public bool HasUnpublishedChanges => PublishedVersionId != LatestVersionId;

    internal ContentVersion AddVersion(int number, string name, string urlSegment, JsonObject values, string? author, DateTime utcNow)
    {
        var version = new ContentVersion(this, number, name, urlSegment, values, author, utcNow);
        _versions.Add(version);
        UpdatedUtc = utcNow;
        return version;
    }

    /// <summary>Called after the version has an id (once saved), so the node can point at it.</summary>
    internal void PointAtLatest(ContentVersion version) => LatestVersionId = version.Id;

    internal void MarkPublished(ContentVersion version, DateTime utcNow)
    {
        PublishedVersionId = version.Id;
        PublishedUtc = utcNow;
        version.MarkPublished(utcNow);
        PublishAtUtc = null;
        UpdatedUtc = utcNow;
    }

    internal void MarkUnpublished(DateTime utcNow)
    {
        PublishedVersionId = null;
        UnpublishAtUtc = null;
        UpdatedUtc = utcNow;
    }

    internal void SetSchedule(DateTime? publishAtUtc, DateTime? unpublishAtUtc)
    {
        PublishAtUtc = publishAtUtc;
        UnpublishAtUtc = unpublishAtUtc;
    }

    internal void MoveTo(int sortOrder) => SortOrder = sortOrder;
}

/// <summary>An immutable snapshot of a content item's name, URL segment and property values.</summary>
public sealed class ContentVersion
{
    private ContentVersion()
    {
    }

    internal ContentVersion(ContentNode node, int number, string name, string urlSegment, JsonObject values, string? author, DateTime utcNow)
    {
        Node = node;
        Number = number;
        Name = name;
        UrlSegment = urlSegment;
        Values = values;
        Author = author;
        CreatedUtc = utcNow;
    }

    public int Id { get; private set; }

    public int NodeId { get; private set; }

    public ContentNode Node { get; private set; } = null!;

    public int Number { get; private set; }

    public string Name { get; private set; } = "";

    public string UrlSegment { get; private set; } = "";

    /// <summary>Property values by alias: a string, or an array of strings for lists.</summary>
    public JsonObject Values { get; private set; } = [];

    public string? Author { get; private set; }

    public DateTime CreatedUtc { get; private set; }

    /// <summary>When this version was (last) made live; null if it never was.</summary>
    public DateTime? PublishedUtc { get; private set; }

    internal void MarkPublished(DateTime utcNow) => PublishedUtc = utcNow;
}

/// <summary>An old public URL that now answers 301 to wherever its content item lives.</summary>
public sealed class RedirectUrl
{
    private RedirectUrl()
    {
    }

    public RedirectUrl(string path, Guid contentKey, DateTime utcNow)
    {
        Path = path;
        ContentKey = contentKey;
        CreatedUtc = utcNow;
    }

    public int Id { get; private set; }

    public string Path { get; private set; } = "";

    public Guid ContentKey { get; private set; }

    public DateTime CreatedUtc { get; private set; }

    internal void PointAt(Guid contentKey, DateTime utcNow)
    {
        ContentKey = contentKey;
        CreatedUtc = utcNow;
    }
}
