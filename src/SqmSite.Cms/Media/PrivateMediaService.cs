using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using SqmSite.Cms.Data;

namespace SqmSite.Cms.Media;

/// <summary>
/// A package's private files (see <see cref="MediaItem.Owner"/>): organization logos, story attachments, form uploads.
/// Checked like the library's, but in no listing and at no public URL; every call names the owner, and a key of anyone
/// else's answers exactly like a missing one.
/// </summary>
public interface IPrivateMediaService
{
    /// <summary>
    /// Checks and stores a private file of <paramref name="owner"/> (a package's tag such as
    /// <c>awards:organization:{key}</c>): the same checks as the library, but the item is not in the library and has
    /// no public URL; <see cref="PrivateMediaFiles"/> serves it to callers that name the owner. Alt text is optional.
    /// </summary>
    Task<Attempt<MediaItem, MediaOperationStatus>> UploadPrivateAsync(Stream content, string fileName, string? altText, string owner, string? user,
        CancellationToken cancellationToken = default);

    /// <summary>A private item of <paramref name="owner"/>; null when the key is unknown or belongs to another owner.</summary>
    Task<MediaItem?> GetPrivateAsync(Guid key, string owner, CancellationToken cancellationToken = default);

    /// <summary>The checked original of a private item of <paramref name="owner"/>, or null.</summary>
    Task<Stream?> OpenPrivateAsync(Guid key, string owner, CancellationToken cancellationToken = default);

    /// <summary>Deletes a private item of <paramref name="owner"/> and its file; false when there was none.</summary>
    Task<bool> DeletePrivateAsync(Guid key, string owner, string? user, CancellationToken cancellationToken = default);
}

/// <summary>Stores, finds, opens and deletes private files; <see cref="PrivateMediaFiles"/> serves them.</summary>
internal sealed class PrivateMediaService(
    CmsDbContext db,
    MediaIntake intake,
    MediaStorage storage,
    IMediaOriginals originals,
    TimeProvider clock,
    ILogger<PrivateMediaService> logger) : IPrivateMediaService
{
    public const int MaxOwnerLength = 200;

    private DateTime UtcNow => clock.GetUtcNow().UtcDateTime;

    public async Task<Attempt<MediaItem, MediaOperationStatus>> UploadPrivateAsync(Stream content, string fileName, string? altText, string owner, string? user,
        CancellationToken cancellationToken = default)
    {
        if (string.IsNullOrWhiteSpace(owner) || owner.Length > MaxOwnerLength)
        {
            throw new ArgumentException($"A private file needs an owner tag of at most {MaxOwnerLength} characters.", nameof(owner));
        }

        var alt = MediaIntake.CleanText(altText);
        if (alt is { Length: > MediaService.MaxAltTextLength })
        {
            return Attempt<MediaItem, MediaOperationStatus>.Fail(MediaOperationStatus.ValidationFailed, $"The description may have at most {MediaService.MaxAltTextLength} characters.",
                new Dictionary<string, string> { ["AltText"] = $"The description may have at most {MediaService.MaxAltTextLength} characters; it has {alt.Length:N0}." });
        }

        var result = await intake.StoreAsync(content, fileName, (_, _) => null,
            stored =>
            {
                var item = new MediaItem(Guid.NewGuid(), null, MediaIntake.NameFrom(stored.OriginalFileName), alt, stored, user, UtcNow, owner);
                db.Add(item);
                return item;
            },
            cancellationToken);
        if (result.Succeeded)
        {
            logger.LogInformation("Stored private {MediaKey} of {Owner} ({Format}, {Bytes} bytes) by {User}", result.Value!.Key, owner,
                result.Value.Format, result.Value.Bytes, user);
        }

        return result;
    }

    public Task<MediaItem?> GetPrivateAsync(Guid key, string owner, CancellationToken cancellationToken = default) =>
        db.Set<MediaItem>().FirstOrDefaultAsync(m => m.Key == key && m.Owner == owner, cancellationToken);

    public async Task<Stream?> OpenPrivateAsync(Guid key, string owner, CancellationToken cancellationToken = default)
    {
        var item = await GetPrivateAsync(key, owner, cancellationToken);
        return item is null ? null : await originals.OpenReadAsync(item.StoredName, cancellationToken);
    }

    public async Task<bool> DeletePrivateAsync(Guid key, string owner, string? user, CancellationToken cancellationToken = default)
    {
        if (await GetPrivateAsync(key, owner, cancellationToken) is not { } item)
        {
            return false;
        }

        db.Remove(item);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            // Deleted meanwhile by another request or site instance, which removes the file too.
            db.Entry(item).State = EntityState.Detached;
            return false;
        }

        // Other instances drop the renditions they cached (a row only they read: no webhook, no feed). After the delete's
        // own commit, so the delete never waits on the change log's writers' lock.
        await Content.ContentChangeLog.SaveWithChangesAsync(db, [Content.ContentChange.CacheRow(MediaRenditionsFollower.PrivateDeleted, UtcNow, item.Key)], cancellationToken);
        await originals.DeleteAsync(item.StoredName, cancellationToken);
        storage.DropRenditions(item.Key, keepVersion: null);
        logger.LogInformation("Deleted private {MediaKey} of {Owner} by {User}", key, owner, user);
        return true;
    }
}
