using System.Collections.Concurrent;
using System.Globalization;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace SqmSite.Cms.Media;

/// <summary>A rendition a request may have, with where it is cached and its entity tag.</summary>
public sealed record RenditionPlan(MediaEntry Entry, ImageCrop? Crop, RenditionSpec Spec, string FileName, string ETag)
{
    public string ContentType => Spec.Format.ContentType();
}

/// <summary>Why a rendition request was refused: a status code and a message for whoever wrote the URL.</summary>
public sealed record RenditionRefusal(int StatusCode, string Title, string Detail);

/// <summary>
/// Decides which renditions may exist (sizes from the configured list, or a URL the server signed) and makes each
/// once: on disk under the item's key and version, written atomically, with concurrent requests for the same file
/// waiting for one render and at most <see cref="MediaOptions.ConcurrentRenders"/> renders at a time. The most
/// requested ones are also kept in memory, so a hot picture costs no file system call.
/// </summary>
public sealed class MediaRenditions(ImagePipeline pipeline, MediaStorage storage, IMediaOriginals originals, MediaUrls urls, IOptions<MediaOptions> options,
    Telemetry.SiteMetrics metrics, ILogger<MediaRenditions> logger) : IDisposable
{
    private const int MaxInMemory = 1024 * 1024;

    private readonly SemaphoreSlim _gate = new(Math.Max(1, options.Value.ConcurrentRenders));
    private readonly ConcurrentDictionary<string, Lazy<Task>> _inFlight = new();
    private readonly MemoryCache? _hot = options.Value.MemoryCacheMegabytes > 0
        ? new MemoryCache(new MemoryCacheOptions { SizeLimit = options.Value.MemoryCacheMegabytes * 1024L * 1024 })
        : null;

    /// <summary>Checks the query of a rendition URL against the rules; returns the plan or why not.</summary>
    public (RenditionPlan? Plan, RenditionRefusal? Refusal) Plan(MediaEntry entry, string? width, string? crop, string? format, string? signature)
    {
        if (!entry.IsImage || entry.Width is not { } sourceWidth || entry.Height is not { } sourceHeight)
        {
            return (null, new RenditionRefusal(400, "Not an image", "This media item is a document; it has no sizes or crops."));
        }

        var o = options.Value;
        ImageCrop? cropDef = null;
        if (!string.IsNullOrEmpty(crop))
        {
            cropDef = ImageCrops.Find(crop);
            if (cropDef is null)
            {
                return (null, new RenditionRefusal(400, "Unknown crop",
                    $"There is no crop \"{Truncate(crop)}\". The crops are: {string.Join(", ", ImageCrops.All.Select(c => c.Alias))}."));
            }
        }

        RenditionFormat? requestedFormat = null;
        if (!string.IsNullOrEmpty(format))
        {
            requestedFormat = RenditionFormats.Parse(format);
            if (requestedFormat is null)
            {
                return (null, new RenditionRefusal(400, "Unknown format", $"Renditions are made as webp, jpeg or png, not \"{Truncate(format)}\"."));
            }
        }

        var area = CropGeometry.Resolve(sourceWidth, sourceHeight, cropDef, entry.FocalX, entry.FocalY, cropDef is null ? null : entry.CropFor(cropDef));
        int targetWidth;
        if (string.IsNullOrEmpty(width))
        {
            // One size per crop without a width: the crop's fixed width, else the source, never above the largest allowed width.
            targetWidth = cropDef?.FixedWidth ?? Math.Min(area.Width, o.AllowedWidths[^1]);
        }
        else if (!int.TryParse(width, NumberStyles.None, CultureInfo.InvariantCulture, out targetWidth) || targetWidth <= 0)
        {
            return (null, new RenditionRefusal(400, "Width is not a number", $"The width must be a whole number of pixels, not \"{Truncate(width)}\"."));
        }
        else if (signature is { Length: > 0 })
        {
            if (targetWidth > o.MaxSignedWidth || !urls.Verify(entry.Key, targetWidth, cropDef?.Alias, requestedFormat, signature))
            {
                return (null, new RenditionRefusal(400, "Signature does not match", "This URL's signature is not valid for these parameters. Use the URL the site wrote."));
            }
        }
        else if (!o.AllowedWidths.Contains(targetWidth) && targetWidth != cropDef?.FixedWidth)
        {
            return (null, new RenditionRefusal(400, "Width not allowed",
                $"Renditions are made in these widths only: {string.Join(", ", o.AllowedWidths)}. {targetWidth} is not one of them."));
        }

        // Never enlarge: a request wider than the source gets the source's size (and shares its cache file).
        var outWidth = Math.Min(targetWidth, area.Width);
        var outHeight = cropDef?.HeightFor(outWidth) ?? Math.Max(1, (int)Math.Round(outWidth * (double)area.Height / area.Width));
        var outFormat = requestedFormat ?? RenditionFormats.DefaultFor(entry.Format);
        var spec = new RenditionSpec(entry.Format, sourceWidth, sourceHeight, area, outWidth, outHeight, outFormat);
        var name = string.Create(CultureInfo.InvariantCulture, $"{cropDef?.Alias ?? "full"}-{outWidth}x{outHeight}.r{ImagePipeline.Revision}.{outFormat.Extension()}");
        var etag = string.Create(CultureInfo.InvariantCulture, $"\"{entry.Key:N}.{entry.Version}.{cropDef?.Alias ?? "full"}.{outWidth}x{outHeight}.r{ImagePipeline.Revision}.{outFormat.Extension()}\"");
        return (new RenditionPlan(entry, cropDef, spec, name, etag), null);
    }

    /// <summary>The rendition's bytes from memory, or null when it is not (yet) held there.</summary>
    public byte[]? FromMemory(RenditionPlan plan) =>
        _hot is not null && _hot.TryGetValue(plan.ETag, out byte[]? bytes) ? bytes : null;

    /// <summary>Keeps a small rendition in memory after it was read from disk; renditions are immutable, so it never goes stale.</summary>
    public async Task<byte[]?> LoadIntoMemoryAsync(RenditionPlan plan, string path, CancellationToken ct)
    {
        if (_hot is null || new FileInfo(path).Length > MaxInMemory)
        {
            return null;
        }

        var bytes = await File.ReadAllBytesAsync(path, ct);
        _hot.Set(plan.ETag, bytes, new MemoryCacheEntryOptions { Size = bytes.Length, SlidingExpiration = TimeSpan.FromMinutes(30) });
        return bytes;
    }

    public void Dispose()
    {
        _hot?.Dispose();
        _gate.Dispose();
    }

    /// <summary>The path of the rendition on disk, made now if it is not there yet.</summary>
    public async Task<string> EnsureAsync(RenditionPlan plan, CancellationToken ct)
    {
        var path = storage.RenditionPath(plan.Entry.Key, plan.Entry.Version, plan.FileName);
        if (File.Exists(path))
        {
            return path;
        }

        // One render per file however many requests arrive at once; it runs to completion even if the first requester leaves.
        var work = _inFlight.GetOrAdd(path, p => new Lazy<Task>(() => RenderAsync(plan, p)));
        try
        {
            await work.Value.WaitAsync(ct);
        }
        finally
        {
            if (work.Value.IsCompleted)
            {
                _inFlight.TryRemove(new KeyValuePair<string, Lazy<Task>>(path, work));
            }
        }

        return path;
    }

    private async Task RenderAsync(RenditionPlan plan, string path)
    {
        await _gate.WaitAsync();
        try
        {
            if (File.Exists(path))
            {
                return;
            }

            var original = await originals.ReadAllBytesAsync(plan.Entry.StoredName, CancellationToken.None)
                ?? throw new FileNotFoundException($"The original {plan.Entry.StoredName} of {plan.Entry.Key} is missing.");
            var started = System.Diagnostics.Stopwatch.GetTimestamp();
            var bytes = await Task.Run(() => pipeline.Render(original, plan.Spec));
            await MediaStorage.WriteAtomicallyAsync(path, bytes, CancellationToken.None);
            var elapsed = System.Diagnostics.Stopwatch.GetElapsedTime(started);
            metrics.Renditions.Record(elapsed.TotalSeconds);
            logger.LogInformation("Rendered {File} of {MediaKey} v{Version} in {Elapsed} ms", plan.FileName, plan.Entry.Key, plan.Entry.Version,
                (int)elapsed.TotalMilliseconds);
        }
        finally
        {
            _gate.Release();
        }
    }

    private static string Truncate(string s) => s.Length <= 30 ? s : s[..30] + "…";
}
