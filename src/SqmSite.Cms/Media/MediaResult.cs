namespace SqmSite.Cms.Media;

/// <summary>The outcomes of a media operation that an editor (or an uploader) can cause and should be told about.</summary>
public enum MediaStatus
{
    Success,
    NotFound,
    ValidationFailed,

    /// <summary>The file is larger than the configured upload limit.</summary>
    TooLarge,

    /// <summary>The content is none of the accepted formats (whatever the file's name says).</summary>
    UnsupportedFormat,

    /// <summary>The content is a program, markup, a polyglot or a document with active content.</summary>
    Unsafe,

    /// <summary>The file is truncated or damaged.</summary>
    Corrupt,

    /// <summary>The image declares more pixels (or frames) than the site processes.</summary>
    TooManyPixels,

    /// <summary>Content still uses the item; the message lists where.</summary>
    InUse,

    /// <summary>A folder that still holds items or folders.</summary>
    NotEmpty,

    /// <summary>A sibling folder already has the name.</summary>
    DuplicateName,
}

/// <summary>A result with a status instead of an exception for expected failures (as <c>ContentResult</c>).</summary>
public sealed record MediaResult<T>(MediaStatus Status, T? Value, string? Message, IReadOnlyDictionary<string, string> Errors)
{
    public bool Succeeded => Status == MediaStatus.Success;

    public static MediaResult<T> Ok(T value) => new(MediaStatus.Success, value, null, Empty);

    public static MediaResult<T> Fail(MediaStatus status, string message, IReadOnlyDictionary<string, string>? errors = null) =>
        new(status, default, message, errors ?? Empty);

    internal MediaResult<TOther> As<TOther>() => new(Status, default, Message, Errors);

    private static readonly IReadOnlyDictionary<string, string> Empty = new Dictionary<string, string>();
}
