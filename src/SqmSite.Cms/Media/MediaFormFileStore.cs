using Microsoft.Extensions.Options;
using SqmSite.Cms.Forms;

namespace SqmSite.Cms.Media;

/// <summary>
/// Keeps uploads as private media items owned by <see cref="Owner"/>: the type is decided from the content by the media
/// pipeline (PDF, PNG, JPEG, GIF, WebP; images decoded under its locked-down policy), stored under a server-made name,
/// outside wwwroot, in no library listing and at no public URL. The id an entry keeps is the item's key.
/// </summary>
internal sealed class MediaFormFileStore(IPrivateMediaService media, IOptions<FormsOptions> options) : IFormFileStore
{
    public const string Owner = "forms";

    public async Task<Attempt<FormFileValue, FormFileStatus>> SaveAsync(FormUpload upload, long? maxBytes, CancellationToken cancellationToken = default)
    {
        var limit = Math.Min(maxBytes ?? long.MaxValue, options.Value.MaxFileBytes);
        if (upload.Length <= 0)
        {
            return Attempt<FormFileValue, FormFileStatus>.Fail(FormFileStatus.Empty, "The file is empty.");
        }

        if (upload.Length > limit)
        {
            return TooLarge(limit);
        }

        await using var source = upload.OpenReadStream();
        var stored = await media.UploadPrivateAsync(source, upload.FileName, null, Owner, null, cancellationToken);
        if (!stored.Succeeded)
        {
            return stored.Status == MediaOperationStatus.TooLarge ? TooLarge(limit) : Attempt<FormFileValue, FormFileStatus>.Fail(FormFileStatus.NotAllowed, stored.Message!);
        }

        // The declared length can lie; the bytes actually stored are what count.
        if (stored.Value!.Bytes > limit)
        {
            await media.DeletePrivateAsync(stored.Value.Key, Owner, null, cancellationToken);
            return TooLarge(limit);
        }

        var item = stored.Value!;
        return Attempt<FormFileValue, FormFileStatus>.Ok(
            new FormFileValue(item.Key.ToString("N"), PrivateMediaFiles.DownloadName(item), item.Format.ContentType(), item.Bytes));
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

    private static Attempt<FormFileValue, FormFileStatus> TooLarge(long limit) =>
        Attempt<FormFileValue, FormFileStatus>.Fail(FormFileStatus.TooLarge, $"The file is larger than {limit / (1024d * 1024d):0.#} MB.");
}
