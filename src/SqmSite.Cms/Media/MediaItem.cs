using SqmSite.Cms.Content;

namespace SqmSite.Cms.Media;

public enum MediaKind
{
    Image,
    Document,
}

/// <summary>The formats the library accepts, as found from a file's content (never from its name).</summary>
public enum MediaFormat
{
    Png,
    Jpeg,
    Gif,
    WebP,
    Pdf,
}

public static class MediaFormats
{
    public static MediaKind Kind(this MediaFormat format) => format == MediaFormat.Pdf ? MediaKind.Document : MediaKind.Image;

    public static string ContentType(this MediaFormat format) => format switch
    {
        MediaFormat.Png => "image/png",
        MediaFormat.Jpeg => "image/jpeg",
        MediaFormat.Gif => "image/gif",
        MediaFormat.WebP => "image/webp",
        MediaFormat.Pdf => "application/pdf",
        _ => throw new ArgumentOutOfRangeException(nameof(format)),
    };

    public static string Extension(this MediaFormat format) => format switch
    {
        MediaFormat.Png => "png",
        MediaFormat.Jpeg => "jpg",
        MediaFormat.Gif => "gif",
        MediaFormat.WebP => "webp",
        MediaFormat.Pdf => "pdf",
        _ => throw new ArgumentOutOfRangeException(nameof(format)),
    };

    /// <summary>What people call the format, for messages.</summary>
    public static string Label(this MediaFormat format) => format switch
    {
        MediaFormat.WebP => "WebP",
        _ => format.ToString().ToUpperInvariant(),
    };
}

/// <summary>A folder of the media library. Folders nest; a folder is deleted only when empty.</summary>
public sealed class MediaFolder
{
    private MediaFolder()
    {
    }

    internal MediaFolder(int? parentId, string name, DateTime utcNow)
    {
        ParentId = parentId;
        Name = name;
        CreatedUtc = utcNow;
        UpdatedUtc = utcNow;
    }

    public int Id { get; private set; }

    public int? ParentId { get; private set; }

    public string Name { get; private set; } = "";

    public DateTime CreatedUtc { get; private set; }

    public DateTime UpdatedUtc { get; private set; }

    internal void Rename(string name, DateTime utcNow)
    {
        Name = name;
        UpdatedUtc = utcNow;
    }
}

/// <summary>
/// An image or document of the media library. The file lives under a server-generated name outside wwwroot;
/// <see cref="Version"/> goes up whenever anything that changes a rendition changes (the file, the focal point,
/// a crop), and is part of every rendition URL, so no cache can serve a stale picture.
/// </summary>
public sealed class MediaItem
{
    private MediaItem()
    {
    }

    internal MediaItem(Guid key, int? folderId, string name, string? altText, StoredFile file, string? user, DateTime utcNow, string? owner = null)
    {
        Key = key;
        FolderId = folderId;
        Owner = owner;
        Name = name;
        AltText = altText;
        CreatedUtc = utcNow;
        CreatedBy = user;
        Version = 0;
        SetFile(file, user, utcNow);
    }

    public int Id { get; private set; }

    /// <summary>The stable identity pickers store and URLs use.</summary>
    public Guid Key { get; private set; }

    public int? FolderId { get; private set; }

    /// <summary>
    /// Null for the library's items, which are public at their URL. Otherwise the package's tag of a private file
    /// (a nominee's attachment, a form upload): it is not in the library, the catalog or <c>/media</c>, and only
    /// <see cref="PrivateMediaFiles"/> serves it, to a caller that names the same owner.
    /// </summary>
    public string? Owner { get; private set; }

    public bool IsPrivate => Owner is not null;

    public string Name { get; private set; } = "";

    public MediaKind Kind { get; private set; }

    public MediaFormat Format { get; private set; }

    /// <summary>The name the file had on the uploader's computer; shown to editors and used for downloads, never for storage.</summary>
    public string OriginalFileName { get; private set; } = "";

    /// <summary>The file's path below the originals folder, made by the server.</summary>
    public string StoredName { get; private set; } = "";

    public long Bytes { get; private set; }

    /// <summary>Pixel width as displayed (after the camera's orientation is applied); null for documents.</summary>
    public int? Width { get; private set; }

    public int? Height { get; private set; }

    /// <summary>What the image shows, for people who cannot see it. Required for images.</summary>
    public string? AltText { get; private set; }

    /// <summary>The point crops keep in view, as fractions of the width and height (0.5, 0.5 is the centre).</summary>
    public double FocalX { get; private set; } = 0.5;

    public double FocalY { get; private set; } = 0.5;

    /// <summary>Rectangles an editor drew for named crops, by crop alias; a crop without one follows the focal point.</summary>
    public Dictionary<string, CropRect> Crops { get; private set; } = [];

    public int Version { get; private set; }

    public DateTime CreatedUtc { get; private set; }

    public DateTime UpdatedUtc { get; private set; }

    public string? CreatedBy { get; private set; }

    public string? UpdatedBy { get; private set; }

    /// <summary>Erasing a person (a privacy request): who uploaded or changed the item becomes <paramref name="replacement"/>.</summary>
    internal void ReplaceUser(string user, string replacement)
    {
        if (string.Equals(CreatedBy, user, StringComparison.OrdinalIgnoreCase))
        {
            CreatedBy = replacement;
        }

        if (string.Equals(UpdatedBy, user, StringComparison.OrdinalIgnoreCase))
        {
            UpdatedBy = replacement;
        }
    }

    internal void SetFile(StoredFile file, string? user, DateTime utcNow)
    {
        Kind = file.Format.Kind();
        Format = file.Format;
        OriginalFileName = file.OriginalFileName;
        StoredName = file.StoredName;
        Bytes = file.Bytes;
        Width = file.Width;
        Height = file.Height;

        // Rectangles were drawn on the old picture; the focal point is kept (a new export of the same photo is the usual case).
        Crops = [];
        Touch(user, utcNow, newVersion: true);
    }

    internal void Describe(string name, string? altText, int? folderId, string? user, DateTime utcNow)
    {
        Name = name;
        AltText = altText;
        FolderId = folderId;
        Touch(user, utcNow, newVersion: false);
    }

    internal void SetCrops(double focalX, double focalY, Dictionary<string, CropRect> crops, string? user, DateTime utcNow)
    {
        FocalX = focalX;
        FocalY = focalY;
        Crops = crops;
        Touch(user, utcNow, newVersion: true);
    }

    private void Touch(string? user, DateTime utcNow, bool newVersion)
    {
        UpdatedBy = user;
        UpdatedUtc = utcNow;
        if (newVersion)
        {
            Version++;
        }
    }
}

/// <summary>What the storage knows about a file that passed the checks.</summary>
internal sealed record StoredFile(MediaFormat Format, string OriginalFileName, string StoredName, long Bytes, int? Width, int? Height);

/// <summary>A library item's row in the change log: its key, its kind as the type.</summary>
internal static class MediaChanges
{
    public static ContentChange Of(MediaItem item, ContentChangeKind kind, DateTime changedUtc) => new(item.Key, item.Kind.ToString(), kind, changedUtc);
}
