namespace SqmSite.Cms.Media;

/// <summary>The outcomes of a media operation that an editor (or an uploader) can cause and should be told about.</summary>
public enum MediaOperationStatus
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

    /// <summary>The originals' store (a bucket) did not take the file; nothing was saved, and trying again later may work.</summary>
    StoreUnavailable,
}
