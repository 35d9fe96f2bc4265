using SqmSite.Cms.Notifications;
using SqmSite.Cms.Published;

namespace SqmSite.Cms.Content;

/// <summary>Before a save; cancel to refuse it with a reason.</summary>
public sealed class ContentSavingNotification(ContentNode node, ContentEdit edit) : CancelableNotification
{
    public ContentNode Node { get; } = node;

    public ContentEdit Edit { get; } = edit;
}

public sealed class ContentSavedNotification(ContentNode node, ContentVersion version) : INotification
{
    public ContentNode Node { get; } = node;

    public ContentVersion Version { get; } = version;
}

/// <summary>Before a version goes live; cancel to refuse with a reason the editor sees.</summary>
public sealed class ContentPublishingNotification(ContentNode node, ContentVersion version) : CancelableNotification
{
    public ContentNode Node { get; } = node;

    public ContentVersion Version { get; } = version;
}

/// <summary>After a version went live and the published snapshot was swapped.</summary>
public sealed class ContentPublishedNotification(ContentNode node, ContentVersion version, PublishedContent? content) : INotification
{
    public ContentNode Node { get; } = node;

    public ContentVersion Version { get; } = version;

    /// <summary>The live item, or null when an unpublished ancestor keeps it off the site.</summary>
    public PublishedContent? Content { get; } = content;
}

public sealed class ContentUnpublishingNotification(ContentNode node) : CancelableNotification
{
    public ContentNode Node { get; } = node;
}

public sealed class ContentUnpublishedNotification(ContentNode node) : INotification
{
    public ContentNode Node { get; } = node;
}

public sealed class ContentDeletingNotification(ContentNode node) : CancelableNotification
{
    public ContentNode Node { get; } = node;
}

public sealed class ContentDeletedNotification(Guid key, string contentTypeAlias) : INotification
{
    public Guid Key { get; } = key;

    public string ContentTypeAlias { get; } = contentTypeAlias;
}

/// <summary>After the children of a parent (or the roots, when null) were put in a new order.</summary>
public sealed class ContentSortedNotification(int? parentId) : INotification
{
    public int? ParentId { get; } = parentId;
}
