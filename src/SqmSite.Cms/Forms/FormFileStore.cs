using Microsoft.Extensions.Options;
using SqmSite.Cms.Media;

namespace SqmSite.Cms.Forms;

public enum FormFileStatus
{
    Stored,
    Empty,
    TooLarge,
    NotAllowed,
}

/// <summary>What storing an upload gave: the stored file, or why it was refused (a message for the person).</summary>
public sealed record FormFileResult(FormFileStatus Status, FormFileValue? File, string? Message)
{
    public bool Succeeded => Status == FormFileStatus.Stored;
}

/// <summary>
/// Where the files of file upload fields go: by default private items of the media library (<see cref="MediaFormFileStore"/>),
/// so uploads get the same checks as editors' files. Another implementation may be registered after <c>AddSqmCmsCore</c>.
/// </summary>
public interface IFormFileStore
{
    /// <param name="maxBytes">The field's own limit, when smaller than the store's.</param>
    Task<FormFileResult> SaveAsync(FormUpload upload, long? maxBytes, CancellationToken cancellationToken = default);

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

/// <summary>
/// Keeps uploads as private media items owned by <see cref="Owner"/>: the type is decided from the content by the media
/// pipeline (PDF, PNG, JPEG, GIF, WebP; images decoded under its locked-down policy), stored under a server-made name,
/// outside wwwroot, in no library listing and at no public URL. The id an entry keeps is the item's key.
/// </summary>
internal sealed class MediaFormFileStore(IMediaService media, IOptions<FormsOptions> options) : IFormFileStore
{
    public const string Owner = "forms";

    public async Task<FormFileResult> SaveAsync(FormUpload upload, long? maxBytes, CancellationToken cancellationToken = default)
    {
        var limit = Math.Min(maxBytes ?? long.MaxValue, options.Value.MaxFileBytes);
        if (upload.Length <= 0)
        {
            return new FormFileResult(FormFileStatus.Empty, null, "The file is empty.");
        }

        if (upload.Length > limit)
        {
            return TooLarge(limit);
        }

        await using var source = upload.OpenReadStream();
        var stored = await media.UploadPrivateAsync(source, upload.FileName, null, Owner, null, cancellationToken);
        if (!stored.Succeeded)
        {
            return stored.Status == MediaOperationStatus.TooLarge ? TooLarge(limit) : new FormFileResult(FormFileStatus.NotAllowed, null, stored.Message);
        }

        // The declared length can lie; the bytes actually stored are what count.
        if (stored.Value!.Bytes > limit)
        {
            await media.DeletePrivateAsync(stored.Value.Key, Owner, null, cancellationToken);
            return TooLarge(limit);
        }

        var item = stored.Value!;
        return new FormFileResult(FormFileStatus.Stored,
            new FormFileValue(item.Key.ToString("N"), PrivateMediaFiles.DownloadName(item), item.Format.ContentType(), item.Bytes), null);
    }

    public async Task<Stream?> OpenAsync(string id, CancellationToken cancellationToken = default)
    {
        return Guid.TryParseExact(id, "N", out var key) ? await media.OpenPrivateAsync(key, Owner, cancellationToken) : null;
    }

    public async Task DeleteAsync(string id, CancellationToken cancellationToken = default)
    {
        if (Guid.TryParseExact(id, "N", out var key))
        {
            await media.DeletePrivateAsync(key, Owner, null, cancellationToken);
        }
    }

    private static FormFileResult TooLarge(long limit) =>
        new(FormFileStatus.TooLarge, null, $"The file is larger than {limit / (1024d * 1024d):0.#} MB.");
}
