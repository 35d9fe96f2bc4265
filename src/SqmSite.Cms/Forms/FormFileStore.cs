namespace SqmSite.Cms.Forms;

/// <summary>What storing an upload ended in; the message says why a file was refused.</summary>
public enum FormFileStatus
{
    Success,
    Empty,
    TooLarge,
    NotAllowed,
}

/// <summary>
/// Where the files of file upload fields go: by default private items of the media library (the media module registers that store),
/// so uploads get the same checks as editors' files. Another implementation may be registered after <c>AddSqmCmsCore</c>.
/// </summary>
public interface IFormFileStore
{
    /// <param name="maxBytes">The field's own limit, when smaller than the store's.</param>
    /// <returns>The stored file, or why it was refused (a message for the person).</returns>
    Task<Attempt<FormFileValue, FormFileStatus>> SaveAsync(FormUpload upload, long? maxBytes, CancellationToken cancellationToken = default);

    /// <summary>The stored bytes, or null when the id is unknown.</summary>
    Task<Stream?> OpenAsync(string id, CancellationToken cancellationToken = default);

    Task DeleteAsync(string id, CancellationToken cancellationToken = default);
}

/// <summary>Settings under "SqmSite:Forms".</summary>
public sealed class FormsOptions
{
    /// <summary>Largest file a file upload field accepts, in bytes.</summary>
    public long MaxFileBytes { get; set; } = 5 * 1024 * 1024;

    /// <summary>How long an anonymous visitor's unsubmitted draft is kept after its last save; housekeeping then deletes it.</summary>
    public TimeSpan KeepAnonymousDraftsFor { get; set; } = TimeSpan.FromDays(30);
}
