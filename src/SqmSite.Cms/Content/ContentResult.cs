namespace SqmSite.Cms.Content;

/// <summary>What an editor submits for a content item: raw strings, as a form posts them.</summary>
/// <param name="PendingKeys">Items that an import is about to create, so that a picker may point at them already.</param>
public sealed record ContentEdit(string Name, string? UrlSegment, IReadOnlyDictionary<string, string?> Values,
    IReadOnlySet<Guid>? PendingKeys = null);

/// <summary>The outcomes of a content operation that an editor can cause and should be told about.</summary>
public enum ContentStatus
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

/// <summary>A result with a status instead of an exception for expected failures (Umbraco's Attempt).</summary>
public sealed record ContentResult<T>(ContentStatus Status, T? Value, string? Message, IReadOnlyDictionary<string, string> Errors)
{
    public bool Succeeded => Status == ContentStatus.Success;

    public static ContentResult<T> Ok(T value) => new(ContentStatus.Success, value, null, Empty);

    public static ContentResult<T> Fail(ContentStatus status, string message, IReadOnlyDictionary<string, string>? errors = null) =>
        new(status, default, message, errors ?? Empty);

    private static readonly IReadOnlyDictionary<string, string> Empty = new Dictionary<string, string>();
}
