namespace SqmSite.Cms.Media;

/// <summary>Settings under "SqmSite:Media".</summary>
public sealed class MediaOptions
{
    public const string Section = "SqmSite:Media";

    /// <summary>The widths a rendition may have, unless its URL is signed by the server.</summary>
    public static readonly IReadOnlyList<int> DefaultWidths = [160, 320, 480, 640, 800, 1024, 1200, 1280, 1600, 1920, 2400];

    /// <summary>Where originals and renditions are stored; relative paths are below the content root. Never below wwwroot.</summary>
    public string Root { get; set; } = "App_Data/media";

    /// <summary>
    /// Where this instance caches renditions; <c>cache/</c> in <see cref="Root"/> when empty. With several instances on a
    /// shared root (or originals in a bucket), give each a local folder: renditions are remade from the original on demand.
    /// </summary>
    public string? CacheRoot { get; set; }

    /// <summary>Originals in an S3-compatible bucket instead of <c>originals/</c> in the root.</summary>
    public S3MediaOptions S3 { get; set; } = new();

    /// <summary>The largest file an editor may upload, in bytes.</summary>
    public long MaxUploadBytes { get; set; } = 20 * 1024 * 1024;

    /// <summary>The largest width or height an uploaded image may declare, in pixels.</summary>
    public int MaxPixelDimension { get; set; } = 10_000;

    /// <summary>The largest area an uploaded image may declare, in megapixels (a "pixel flood" declares far more).</summary>
    public int MaxMegapixels { get; set; } = 50;

    /// <summary>The most frames an animated GIF may have.</summary>
    public int MaxFrames { get; set; } = 300;

    /// <summary>Memory ImageMagick may use for pixels, in megabytes; beyond it an image is refused, never spilled to disk.</summary>
    public int MaxMemoryMegabytes { get; set; } = 512;

    /// <summary>Widths renditions are made in (a comma list in settings). Empty means <see cref="DefaultWidths"/>.</summary>
    public int[]? Widths { get; set; }

    /// <summary>The widest rendition a signed URL may ask for.</summary>
    public int MaxSignedWidth { get; set; } = 3840;

    /// <summary>Memory for the most requested renditions (each at most 1 MB), in megabytes; 0 serves every request from disk.</summary>
    public int MemoryCacheMegabytes { get; set; } = 64;

    /// <summary>How many renditions are made at the same time; more requests wait their turn.</summary>
    public int ConcurrentRenders { get; set; } = 2;

    /// <summary>
    /// Key for signed rendition URLs (base64, 32 bytes or more). When empty, one is generated once and kept in the
    /// media root, so that signed URLs survive a restart.
    /// </summary>
    public string? SigningKey { get; set; }

    public IReadOnlyList<int> AllowedWidths => Widths is { Length: > 0 } w ? [.. w.Where(x => x > 0).Distinct().Order()] : DefaultWidths;
}
