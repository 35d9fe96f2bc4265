namespace SqmSite.Cms.Content;

/// <summary>What an editor submits for a content item: raw strings, as a form posts them.</summary>
/// <param name="PendingKeys">Items that an import is about to create, so that a picker may point at them already.</param>
public sealed record ContentEdit(string Name, string? UrlSegment, IReadOnlyDictionary<string, string?> Values,
    IReadOnlySet<Guid>? PendingKeys = null);

/// <summary>The outcomes of a content operation that an editor can cause and should be told about.</summary>
public enum ContentOperationStatus
{
    Success,
    NotFound,
    ValidationFailed,
    DuplicateUrlSegment,
    NotAllowedHere,
    ParentNotPublished,
    CancelledByNotification,
    HasChildren,
    InvalidSchedule,
    NotPublished,
}
