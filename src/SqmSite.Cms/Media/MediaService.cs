using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using SqmSite.Cms.Content;
using SqmSite.Cms.Data;
using SqmSite.Cms.Notifications;

namespace SqmSite.Cms.Media;

/// <summary>
/// The media library for packages: a package adds items through the same checks and pipeline as editors do and
/// refers to them by <see cref="MediaItem.Key"/>. Files of its own that nobody else may see are
/// <see cref="IPrivateMediaService"/>'s.
/// </summary>
public interface IMediaService
{
    /// <summary>
    /// Checks and stores a file. Images need <paramref name="altText"/>. The result's status says why a file was
    /// refused (<see cref="MediaOperationStatus.TooLarge"/>, <see cref="MediaOperationStatus.Unsafe"/>, ...) with a message for the uploader.
    /// </summary>
    Task<Attempt<MediaItem, MediaOperationStatus>> UploadAsync(Stream content, string fileName, string? altText, int? folderId, string? user,
        CancellationToken cancellationToken = default);

    /// <summary>Replaces an item's file, keeping its key (and so every page and record that uses it).</summary>
    Task<Attempt<MediaItem, MediaOperationStatus>> ReplaceAsync(int id, Stream content, string fileName, string? user, CancellationToken cancellationToken = default);

    /// <summary>Deletes an item unless something uses it; <see cref="MediaOperationStatus.InUse"/> lists the places.</summary>
    Task<Attempt<MediaItem, MediaOperationStatus>> DeleteAsync(int id, string? user, CancellationToken cancellationToken = default);

    Task<MediaItem?> GetAsync(Guid key, CancellationToken cancellationToken = default);

    /// <summary>The folder at a path of names below the root ("Organizations/Logos"), made if missing.</summary>
    Task<Attempt<MediaFolder, MediaOperationStatus>> EnsureFolderAsync(string path, CancellationToken cancellationToken = default);

}

/// <summary>A folder with the number of things in it, for the library's listing.</summary>
public sealed record MediaFolderInfo(int Id, int? ParentId, string Name, int Items, int Folders);

/// <summary>Adds, replaces, describes, crops and deletes media; the only writer of the media tables and files.</summary>
public sealed partial class MediaService(
    CmsDbContext db,
    MediaIntake intake,
    MediaStorage storage,
    IMediaOriginals originals,
    IMediaCatalog catalog,
    IEnumerable<IMediaUsageProvider> usageProviders,
    IEventAggregator events,
    TimeProvider clock,
    ILogger<MediaService> logger) : IMediaService
{
    public const int MaxAltTextLength = 500;
    public const int MaxNameLength = 255;

    private DateTime UtcNow => clock.GetUtcNow().UtcDateTime;

    /// <summary>The library's items: everything editors see, pick and link to. Private files are never among them.</summary>
    private IQueryable<MediaItem> Items => db.Set<MediaItem>().Where(m => m.Owner == null);

    private DbSet<MediaFolder> Folders => db.Set<MediaFolder>();

    public long MaxUploadBytes => intake.MaxUploadBytes;

    // ------------------------------------------------------------------------------------------ reading

    public Task<MediaItem?> GetAsync(int id, CancellationToken cancellationToken = default) =>
        Items.FirstOrDefaultAsync(m => m.Id == id, cancellationToken);

    public Task<MediaItem?> GetAsync(Guid key, CancellationToken cancellationToken = default) =>
        Items.FirstOrDefaultAsync(m => m.Key == key, cancellationToken);

    public Task<bool> ExistsAsync(Guid key, CancellationToken cancellationToken = default) =>
        Items.AnyAsync(m => m.Key == key, cancellationToken);

    /// <summary>The items of one folder (the root when null), newest first.</summary>
    public async Task<IReadOnlyList<MediaItem>> ListAsync(int? folderId, CancellationToken cancellationToken = default) =>
        await Items.AsNoTracking().Where(m => m.FolderId == folderId).OrderByDescending(m => m.UpdatedUtc).ThenByDescending(m => m.Id)
            .ToListAsync(cancellationToken);

    /// <summary>Items whose name or alt text contains <paramref name="query"/>, for the picker.</summary>
    public async Task<IReadOnlyList<MediaItem>> SearchAsync(MediaKind? kind, string? query, int? folderId, bool allFolders, int take,
        CancellationToken cancellationToken = default)
    {
        var items = Items.AsNoTracking();
        if (kind is { } k)
        {
            items = items.Where(m => m.Kind == k);
        }

        if (!allFolders)
        {
            items = items.Where(m => m.FolderId == folderId);
        }

        var list = await items.OrderByDescending(m => m.UpdatedUtc).ThenByDescending(m => m.Id).ToListAsync(cancellationToken);

        // Filtering in memory keeps case-insensitive matching the same on SQLite and PostgreSQL.
        if (!string.IsNullOrWhiteSpace(query))
        {
            var q = query.Trim();
            list = [.. list.Where(m => m.Name.Contains(q, StringComparison.CurrentCultureIgnoreCase)
                || (m.AltText?.Contains(q, StringComparison.CurrentCultureIgnoreCase) ?? false)
                || m.OriginalFileName.Contains(q, StringComparison.CurrentCultureIgnoreCase))];
        }

        return [.. list.Take(take)];
    }

    public async Task<IReadOnlyList<MediaFolderInfo>> GetFoldersAsync(CancellationToken cancellationToken = default)
    {
        var folders = await Folders.AsNoTracking().ToListAsync(cancellationToken);
        var itemCounts = await Items.AsNoTracking().Where(m => m.FolderId != null).GroupBy(m => m.FolderId)
            .Select(g => new { Id = g.Key!.Value, Count = g.Count() }).ToDictionaryAsync(x => x.Id, x => x.Count, cancellationToken);
        var childCounts = folders.Where(f => f.ParentId is not null).GroupBy(f => f.ParentId!.Value).ToDictionary(g => g.Key, g => g.Count());
        return [.. folders.Select(f => new MediaFolderInfo(f.Id, f.ParentId, f.Name, itemCounts.GetValueOrDefault(f.Id), childCounts.GetValueOrDefault(f.Id)))
            .OrderBy(f => f.Name, StringComparer.CurrentCultureIgnoreCase)];
    }

    /// <summary>Where an item is used, from every registered provider (content, packages).</summary>
    public async Task<IReadOnlyList<MediaUsage>> GetUsagesAsync(Guid key, CancellationToken cancellationToken = default)
    {
        var all = new List<MediaUsage>();
        foreach (var provider in usageProviders)
        {
            all.AddRange(await provider.FindAsync(key, cancellationToken));
        }

        return all;
    }

    // ------------------------------------------------------------------------------------------ files

    public async Task<Attempt<MediaItem, MediaOperationStatus>> UploadAsync(Stream content, string fileName, string? altText, int? folderId, string? user,
        CancellationToken cancellationToken = default)
    {
        var errors = new Dictionary<string, string>();
        var alt = MediaIntake.CleanText(altText);
        if (alt is { Length: > MaxAltTextLength })
        {
            errors["AltText"] = $"Alt text may have at most {MaxAltTextLength} characters; it has {alt.Length:N0}.";
        }

        if (folderId is { } fid && !await Folders.AnyAsync(f => f.Id == fid, cancellationToken))
        {
            errors["FolderId"] = "That folder no longer exists.";
        }

        if (errors.Count > 0)
        {
            return Attempt<MediaItem, MediaOperationStatus>.Fail(MediaOperationStatus.ValidationFailed, "Nothing was uploaded: please correct the fields marked below.", errors);
        }

        var result = await StoreAsync(content, fileName,
            (format, originalName) => format.Kind() == MediaKind.Image && AltTextProblem(alt, originalName) is { } altError ? ("AltText", altError) : null,
            stored =>
            {
                var item = new MediaItem(Guid.NewGuid(), folderId, MediaIntake.NameFrom(stored.OriginalFileName), stored.Format.Kind() == MediaKind.Image ? alt : null,
                    stored, user, UtcNow);
                db.Add(item);
                return item;
            },
            cancellationToken);
        if (result.Succeeded)
        {
            logger.LogInformation("Uploaded {MediaKey} ({Format}, {Bytes} bytes) by {User}", result.Value!.Key, result.Value.Format, result.Value.Bytes, user);
        }

        return result;
    }

    public async Task<Attempt<MediaItem, MediaOperationStatus>> ReplaceAsync(int id, Stream content, string fileName, string? user, CancellationToken cancellationToken = default)
    {
        var item = await GetAsync(id, cancellationToken);
        if (item is null)
        {
            return Attempt<MediaItem, MediaOperationStatus>.Fail(MediaOperationStatus.NotFound, "This media item no longer exists.");
        }

        var oldStoredName = item.StoredName;
        var result = await StoreAsync(content, fileName,
            (format, _) => format.Kind() == item.Kind ? null : ("File", item.Kind == MediaKind.Image
                ? "An image can only be replaced by another image (PNG, JPEG, WebP or GIF), so that pages using it still show a picture."
                : "A document can only be replaced by another PDF."),
            stored =>
            {
                item.SetFile(stored, user, UtcNow);
                return item;
            },
            cancellationToken);
        if (result.Succeeded)
        {
            await originals.DeleteAsync(oldStoredName, cancellationToken);
            logger.LogInformation("Replaced the file of {MediaKey} (now version {Version}) by {User}", item.Key, item.Version, user);
        }

        return result;
    }

    // ------------------------------------------------------------------------------------------ details and crops

    public async Task<Attempt<MediaItem, MediaOperationStatus>> UpdateAsync(int id, string? name, string? altText, int? folderId, string? user,
        CancellationToken cancellationToken = default)
    {
        var item = await GetAsync(id, cancellationToken);
        if (item is null)
        {
            return Attempt<MediaItem, MediaOperationStatus>.Fail(MediaOperationStatus.NotFound, "This media item no longer exists.");
        }

        var errors = new Dictionary<string, string>();
        var cleanName = MediaIntake.CleanText(name);
        if (cleanName is null)
        {
            errors["Name"] = "Name is required.";
        }
        else if (cleanName.Length > MaxNameLength)
        {
            errors["Name"] = $"Name may have at most {MaxNameLength} characters.";
        }

        var alt = MediaIntake.CleanText(altText);
        if (alt is { Length: > MaxAltTextLength })
        {
            errors["AltText"] = $"Alt text may have at most {MaxAltTextLength} characters; it has {alt.Length:N0}.";
        }
        else if (item.Kind == MediaKind.Image && AltTextProblem(alt, item.OriginalFileName) is { } altError)
        {
            errors["AltText"] = altError;
        }

        if (folderId is { } fid && !await Folders.AnyAsync(f => f.Id == fid, cancellationToken))
        {
            errors["FolderId"] = "That folder no longer exists.";
        }

        if (errors.Count > 0)
        {
            return Attempt<MediaItem, MediaOperationStatus>.Fail(MediaOperationStatus.ValidationFailed, "Nothing was saved: please correct the fields marked below.", errors);
        }

        item.Describe(cleanName!, item.Kind == MediaKind.Image ? alt : null, folderId, user, UtcNow);
        await SaveLoggedAsync(item, ContentChangeKind.MediaSaved, cancellationToken);
        await ChangedAsync(item, cancellationToken);
        return Attempt<MediaItem, MediaOperationStatus>.Ok(item);
    }

    /// <summary>Sets the focal point and the editor's rectangles (null or missing: the crop follows the focal point).</summary>
    public async Task<Attempt<MediaItem, MediaOperationStatus>> SetCropsAsync(int id, double focalX, double focalY, IReadOnlyDictionary<string, CropRect?> crops,
        string? user, CancellationToken cancellationToken = default)
    {
        var item = await GetAsync(id, cancellationToken);
        if (item is null)
        {
            return Attempt<MediaItem, MediaOperationStatus>.Fail(MediaOperationStatus.NotFound, "This media item no longer exists.");
        }

        if (item.Kind != MediaKind.Image)
        {
            return Attempt<MediaItem, MediaOperationStatus>.Fail(MediaOperationStatus.ValidationFailed, "Documents have no focal point or crops.");
        }

        var errors = new Dictionary<string, string>();
        if (!double.IsFinite(focalX) || !double.IsFinite(focalY) || focalX is < 0 or > 1 || focalY is < 0 or > 1)
        {
            errors["Focal"] = "The focal point must lie on the picture (0–100 % across and down).";
        }

        var rects = new Dictionary<string, CropRect>(StringComparer.OrdinalIgnoreCase);
        foreach (var (alias, rect) in crops)
        {
            if (ImageCrops.Find(alias) is not { } crop)
            {
                errors["Crops." + alias] = $"There is no crop \"{alias}\".";
            }
            else if (rect is not null)
            {
                if (!rect.IsValid)
                {
                    errors["Crops." + crop.Alias] = $"The {crop.Name} rectangle must lie on the picture and be at least {CropRect.MinSide:P0} of each side.";
                }
                else
                {
                    rects[crop.Alias] = rect;
                }
            }
        }

        if (errors.Count > 0)
        {
            return Attempt<MediaItem, MediaOperationStatus>.Fail(MediaOperationStatus.ValidationFailed, "The crops were not saved: please correct the values marked below.", errors);
        }

        item.SetCrops(focalX, focalY, rects, user, UtcNow);
        await SaveLoggedAsync(item, ContentChangeKind.MediaSaved, cancellationToken);
        await ChangedAsync(item, cancellationToken);
        return Attempt<MediaItem, MediaOperationStatus>.Ok(item);
    }

    public async Task<Attempt<MediaItem, MediaOperationStatus>> DeleteAsync(int id, string? user, CancellationToken cancellationToken = default)
    {
        var item = await GetAsync(id, cancellationToken);
        if (item is null)
        {
            return Attempt<MediaItem, MediaOperationStatus>.Fail(MediaOperationStatus.NotFound, "This media item no longer exists.");
        }

        var usages = await GetUsagesAsync(item.Key, cancellationToken);
        if (usages.Count > 0)
        {
            var places = string.Join("; ", usages.Select(u => u.State is null ? u.Where : $"{u.Where} ({u.State})"));
            return Attempt<MediaItem, MediaOperationStatus>.Fail(MediaOperationStatus.InUse,
                $"\"{item.Name}\" was not deleted because it is used by: {places}. Remove it from there first.");
        }

        db.Remove(item);
        await SaveLoggedAsync(item, ContentChangeKind.MediaDeleted, cancellationToken);
        await originals.DeleteAsync(item.StoredName, cancellationToken);
        storage.DropRenditions(item.Key, keepVersion: null);
        await catalog.RebuildAsync(cancellationToken);
        logger.LogInformation("Deleted {MediaKey} by {User}", item.Key, user);
        await events.PublishAsync(new MediaDeletedNotification(item.Key), cancellationToken);
        return Attempt<MediaItem, MediaOperationStatus>.Ok(item);
    }

    // ------------------------------------------------------------------------------------------ folders

    public async Task<Attempt<MediaFolder, MediaOperationStatus>> CreateFolderAsync(int? parentId, string? name, CancellationToken cancellationToken = default)
    {
        var (clean, error) = await CheckFolderNameAsync(parentId, name, null, cancellationToken);
        if (error is not null)
        {
            return error;
        }

        var folder = new MediaFolder(parentId, clean!, UtcNow);
        Folders.Add(folder);
        await db.SaveChangesAsync(cancellationToken);
        return Attempt<MediaFolder, MediaOperationStatus>.Ok(folder);
    }

    public async Task<Attempt<MediaFolder, MediaOperationStatus>> RenameFolderAsync(int id, string? name, CancellationToken cancellationToken = default)
    {
        var folder = await Folders.FirstOrDefaultAsync(f => f.Id == id, cancellationToken);
        if (folder is null)
        {
            return Attempt<MediaFolder, MediaOperationStatus>.Fail(MediaOperationStatus.NotFound, "This folder no longer exists.");
        }

        var (clean, error) = await CheckFolderNameAsync(folder.ParentId, name, id, cancellationToken);
        if (error is not null)
        {
            return error;
        }

        folder.Rename(clean!, UtcNow);
        await db.SaveChangesAsync(cancellationToken);
        return Attempt<MediaFolder, MediaOperationStatus>.Ok(folder);
    }

    public async Task<Attempt<MediaFolder, MediaOperationStatus>> DeleteFolderAsync(int id, CancellationToken cancellationToken = default)
    {
        var folder = await Folders.FirstOrDefaultAsync(f => f.Id == id, cancellationToken);
        if (folder is null)
        {
            return Attempt<MediaFolder, MediaOperationStatus>.Fail(MediaOperationStatus.NotFound, "This folder no longer exists.");
        }

        if (await Items.AnyAsync(m => m.FolderId == id, cancellationToken) || await Folders.AnyAsync(f => f.ParentId == id, cancellationToken))
        {
            return Attempt<MediaFolder, MediaOperationStatus>.Fail(MediaOperationStatus.NotEmpty, $"The folder \"{folder.Name}\" is not empty; move or delete what is in it first.");
        }

        Folders.Remove(folder);
        await db.SaveChangesAsync(cancellationToken);
        return Attempt<MediaFolder, MediaOperationStatus>.Ok(folder);
    }

    public async Task<Attempt<MediaFolder, MediaOperationStatus>> EnsureFolderAsync(string path, CancellationToken cancellationToken = default)
    {
        MediaFolder? current = null;
        foreach (var part in path.Split('/', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var parentId = current?.Id;
            var siblings = await Folders.Where(f => f.ParentId == parentId).ToListAsync(cancellationToken);
            current = siblings.FirstOrDefault(f => string.Equals(f.Name, part, StringComparison.OrdinalIgnoreCase));
            if (current is null)
            {
                var created = await CreateFolderAsync(parentId, part, cancellationToken);
                if (!created.Succeeded)
                {
                    return created;
                }

                current = created.Value!;
            }
        }

        return current is null
            ? Attempt<MediaFolder, MediaOperationStatus>.Fail(MediaOperationStatus.ValidationFailed, "A folder path needs at least one name.")
            : Attempt<MediaFolder, MediaOperationStatus>.Ok(current);
    }

    /// <summary>The folder and its ancestors, the top first.</summary>
    public async Task<IReadOnlyList<MediaFolder>> GetFolderPathAsync(int? folderId, CancellationToken cancellationToken = default)
    {
        var all = await Folders.AsNoTracking().ToDictionaryAsync(f => f.Id, cancellationToken);
        var path = new List<MediaFolder>();
        for (var id = folderId; id is { } i && all.TryGetValue(i, out var folder) && path.Count < 64; id = folder.ParentId)
        {
            path.Insert(0, folder);
        }

        return path;
    }

    // ------------------------------------------------------------------------------------------ helpers

    /// <summary>Receives, checks and saves a file through the intake; a stored item is then announced as changed.</summary>
    private async Task<Attempt<MediaItem, MediaOperationStatus>> StoreAsync(Stream content, string fileName,
        Func<MediaFormat, string, (string Field, string Message)?> refuse, Func<StoredFile, MediaItem> apply, CancellationToken ct)
    {
        var result = await intake.StoreAsync(content, fileName, refuse, apply, ct);
        if (result.Succeeded)
        {
            await ChangedAsync(result.Value!, ct);
        }

        return result;
    }

    /// <summary>Saves a library item's change with its row in the change log, in one transaction.</summary>
    private Task SaveLoggedAsync(MediaItem item, ContentChangeKind kind, CancellationToken ct) =>
        ContentChangeLog.SaveWithChangesAsync(db, [MediaChanges.Of(item, kind, UtcNow)], ct);

    private async Task ChangedAsync(MediaItem item, CancellationToken ct)
    {
        storage.DropRenditions(item.Key, item.Version);
        await catalog.RebuildAsync(ct);
        await events.PublishAsync(new MediaSavedNotification(item), ct);
    }

    private async Task<(string? Name, Attempt<MediaFolder, MediaOperationStatus>? Error)> CheckFolderNameAsync(int? parentId, string? name, int? selfId, CancellationToken ct)
    {
        var clean = MediaIntake.CleanText(name);
        string? error = null;
        if (clean is null)
        {
            error = "Folder name is required.";
        }
        else if (clean.Length > MaxNameLength)
        {
            error = $"Folder name may have at most {MaxNameLength} characters.";
        }
        else if (clean.Contains('/') || clean.Contains('\\'))
        {
            error = "Folder names may not contain slashes.";
        }
        else if (parentId is { } pid && !await Folders.AnyAsync(f => f.Id == pid, ct))
        {
            return (null, Attempt<MediaFolder, MediaOperationStatus>.Fail(MediaOperationStatus.NotFound, "The parent folder no longer exists."));
        }
        else
        {
            var siblings = await Folders.AsNoTracking().Where(f => f.ParentId == parentId && f.Id != selfId).Select(f => f.Name).ToListAsync(ct);
            if (siblings.Contains(clean, StringComparer.CurrentCultureIgnoreCase))
            {
                return (null, Attempt<MediaFolder, MediaOperationStatus>.Fail(MediaOperationStatus.DuplicateName, $"There is already a folder named \"{clean}\" here.",
                    new Dictionary<string, string> { ["Name"] = $"There is already a folder named \"{clean}\" here." }));
            }
        }

        return error is null
            ? (clean, null)
            : (null, Attempt<MediaFolder, MediaOperationStatus>.Fail(MediaOperationStatus.ValidationFailed, error, new Dictionary<string, string> { ["Name"] = error }));
    }

    /// <summary>Why alt text will not do, or null when it will.</summary>
    private static string? AltTextProblem(string? alt, string originalFileName)
    {
        if (alt is null)
        {
            return "Alt text is required for images: describe what the picture shows, for people who cannot see it.";
        }

        if (FileNameLike().IsMatch(alt) || string.Equals(alt, originalFileName, StringComparison.OrdinalIgnoreCase))
        {
            return "Alt text should describe what the picture shows, not name its file.";
        }

        return null;
    }

    public static string FormatBytes(long bytes) => bytes >= 1024 * 1024
        ? (bytes / (1024.0 * 1024)).ToString(bytes % (1024 * 1024) == 0 ? "0" : "0.0", CultureInfo.InvariantCulture) + " MB"
        : (bytes / 1024.0).ToString("0", CultureInfo.InvariantCulture) + " KB";

    [GeneratedRegex(@"^[^\s]+\.(jpe?g|png|gif|webp|heic|tiff?)$", RegexOptions.IgnoreCase)]
    private static partial Regex FileNameLike();
}
