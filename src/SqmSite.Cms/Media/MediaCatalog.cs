using System.Collections.Frozen;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SqmSite.Cms.Data;

namespace SqmSite.Cms.Media;

/// <summary>A media item as the public site sees it: immutable, in memory.</summary>
public sealed record MediaEntry(int Id, Guid Key, string Name, MediaKind Kind, MediaFormat Format, string OriginalFileName,
    string StoredName, long Bytes, int? Width, int? Height, string? AltText, double FocalX, double FocalY,
    IReadOnlyDictionary<string, CropRect> Crops, int Version, DateTime UpdatedUtc)
{
    /// <summary>The file part of the item's URLs: its name in lower case, letters and digits joined by hyphens.</summary>
    public string Slug { get; } = MakeSlug(Name);

    public bool IsImage => Kind == MediaKind.Image;

    public CropRect? CropFor(ImageCrop crop) => Crops.GetValueOrDefault(crop.Alias);

    internal static MediaEntry From(MediaItem m) => new(m.Id, m.Key, m.Name, m.Kind, m.Format, m.OriginalFileName, m.StoredName, m.Bytes,
        m.Width, m.Height, m.AltText, m.FocalX, m.FocalY, m.Crops.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase), m.Version, m.UpdatedUtc);

    private static string MakeSlug(string name)
    {
        var slug = Content.ContentService.ToUrlSegment(name);
        if (slug.Length > 80)
        {
            slug = slug[..80].Trim('-');
        }

        return slug.Length == 0 ? "file" : slug;
    }
}

/// <summary>Every media item at one moment, by key. Rebuilt and swapped whenever an item changes.</summary>
public sealed class MediaSnapshot
{
    public static readonly MediaSnapshot Empty = new([]);

    private readonly FrozenDictionary<Guid, MediaEntry> _byKey;

    internal MediaSnapshot(IEnumerable<MediaEntry> entries)
    {
        _byKey = entries.ToFrozenDictionary(e => e.Key);
    }

    public MediaEntry? ByKey(Guid key) => _byKey.GetValueOrDefault(key);

    public IEnumerable<MediaEntry> All => _byKey.Values;

    public int Count => _byKey.Count;
}

/// <summary>
/// The media items in memory, so that public pages (the tag helper) and rendition requests never touch the database,
/// as the published content snapshot does for pages.
/// </summary>
public interface IMediaCatalog
{
    /// <summary>The current snapshot, loading it on first use.</summary>
    ValueTask<MediaSnapshot> GetAsync(CancellationToken cancellationToken = default);

    Task RebuildAsync(CancellationToken cancellationToken = default);
}

internal sealed class MediaCatalog(IServiceScopeFactory scopes) : IMediaCatalog
{
    private readonly SemaphoreSlim _rebuild = new(1, 1);
    private volatile MediaSnapshot? _snapshot;

    public ValueTask<MediaSnapshot> GetAsync(CancellationToken cancellationToken = default) =>
        _snapshot is { } snapshot ? ValueTask.FromResult(snapshot) : new ValueTask<MediaSnapshot>(LoadAsync(cancellationToken));

    public async Task RebuildAsync(CancellationToken cancellationToken = default)
    {
        await _rebuild.WaitAsync(cancellationToken);
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<CmsDbContext>();
            var items = await db.Set<MediaItem>().AsNoTracking().Where(m => m.Owner == null).ToListAsync(cancellationToken);
            _snapshot = new MediaSnapshot(items.Select(MediaEntry.From));
        }
        finally
        {
            _rebuild.Release();
        }
    }

    private async Task<MediaSnapshot> LoadAsync(CancellationToken cancellationToken)
    {
        if (_snapshot is null)
        {
            await RebuildAsync(cancellationToken);
        }

        return _snapshot!;
    }
}

/// <summary>Writes rendition and download URLs, and signs URLs for sizes outside the configured list.</summary>
public sealed class MediaUrls
{
    private readonly byte[] _key;

    public MediaUrls(MediaStorage storage, Microsoft.Extensions.Options.IOptions<MediaOptions> options)
    {
        _key = storage.SigningKey(options.Value.SigningKey);
    }

    /// <summary>
    /// The URL of a rendition (or of a document's download): <c>/media/{key}/{slug}.{ext}?v=..&amp;width=..&amp;crop=..&amp;format=..</c>.
    /// The version makes a new URL whenever the picture changes.
    /// </summary>
    public string Url(MediaEntry entry, int? width = null, string? crop = null, RenditionFormat? format = null)
    {
        if (!entry.IsImage)
        {
            return $"/media/{entry.Key:D}/{entry.Slug}.{entry.Format.Extension()}?v={entry.Version}";
        }

        var extension = (format ?? RenditionFormats.DefaultFor(entry.Format)).Extension();
        var sb = new StringBuilder($"/media/{entry.Key:D}/{entry.Slug}.{extension}?v={entry.Version}");
        if (width is { } w)
        {
            sb.Append("&width=").Append(w);
        }

        if (crop is not null)
        {
            sb.Append("&crop=").Append(Uri.EscapeDataString(crop.ToLowerInvariant()));
        }

        if (format is { } f)
        {
            sb.Append("&format=").Append(f.Extension() == "jpg" ? "jpeg" : f.Extension());
        }

        return sb.ToString();
    }

    /// <summary>A URL for any width up to the signed maximum, which only the server can make.</summary>
    public string SignedUrl(MediaEntry entry, int width, string? crop = null, RenditionFormat? format = null) =>
        Url(entry, width, crop, format) + "&sig=" + Sign(entry.Key, width, crop, format);

    internal string Sign(Guid key, int width, string? crop, RenditionFormat? format)
    {
        var payload = Encoding.UTF8.GetBytes($"{key:N}|{width}|{crop?.ToLowerInvariant()}|{format?.ToString().ToLowerInvariant()}");
        var mac = System.Security.Cryptography.HMACSHA256.HashData(_key, payload);
        return Convert.ToBase64String(mac, 0, 16).TrimEnd('=').Replace('+', '-').Replace('/', '_');
    }

    internal bool Verify(Guid key, int width, string? crop, RenditionFormat? format, string signature)
    {
        var expected = Encoding.ASCII.GetBytes(Sign(key, width, crop, format));
        var given = Encoding.ASCII.GetBytes(signature);
        return System.Security.Cryptography.CryptographicOperations.FixedTimeEquals(expected, given);
    }
}
