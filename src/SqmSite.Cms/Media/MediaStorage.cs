using System.Security.Cryptography;
using Microsoft.Extensions.Logging;

namespace SqmSite.Cms.Media;

/// <summary>
/// The media folders on disk: <c>originals/</c> (uploads under server-made names, unless they are in a bucket: see
/// <see cref="IMediaOriginals"/>), <c>cache/</c> (renditions, one folder per item and version; elsewhere when
/// <see cref="MediaOptions.CacheRoot"/> is set, so that each instance keeps its own) and <c>tmp/</c> (uploads being
/// checked). The root is outside the web root, so nothing stored is ever served as a static file; every byte goes out
/// through the media endpoint.
/// </summary>
public sealed class MediaStorage
{
    private readonly ILogger<MediaStorage> _logger;

    public MediaStorage(string root, string? webRoot, ILogger<MediaStorage> logger, string? cacheRoot = null)
    {
        _logger = logger;
        Root = Path.GetFullPath(root);
        Cache = Path.GetFullPath(cacheRoot is { Length: > 0 } ? cacheRoot : Path.Combine(Root, "cache"));
        foreach (var (name, folder) in new[] { ("Root", Root), ("CacheRoot", Cache) })
        {
            if (webRoot is { Length: > 0 } && IsBelow(folder, Path.GetFullPath(webRoot)))
            {
                throw new InvalidOperationException($"SqmSite:Media:{name} ({folder}) is inside the web root ({webRoot}); files there would be served as static files. Choose a folder outside it.");
            }
        }

        Directory.CreateDirectory(Originals);
        Directory.CreateDirectory(Cache);
        Directory.CreateDirectory(Temp);
    }

    /// <summary>Resolves the configured root: relative paths are below the content root.</summary>
    public static string ResolveRoot(string configured, string contentRoot) =>
        Path.IsPathRooted(configured) ? configured : Path.Combine(contentRoot, configured);

    public string Root { get; }

    public string Originals => Path.Combine(Root, "originals");

    public string Cache { get; }

    public string Temp => Path.Combine(Root, "tmp");

    /// <summary>A new server-made name for an original, spread over 256 folders: "ab/ab12...ef.png".</summary>
    internal static string NewStoredName(MediaFormat format)
    {
        var name = Guid.NewGuid().ToString("N");
        return $"{name[..2]}/{name}.{format.Extension()}";
    }

    public string OriginalPath(string storedName)
    {
        var path = Path.GetFullPath(Path.Combine(Originals, storedName));
        if (!IsBelow(path, Originals))
        {
            throw new InvalidOperationException("A stored name points outside the originals folder.");
        }

        return path;
    }

    public string RenditionFolder(Guid key) => Path.Combine(Cache, key.ToString("N"));

    public string RenditionPath(Guid key, int version, string fileName) =>
        Path.Combine(RenditionFolder(key), version.ToString(System.Globalization.CultureInfo.InvariantCulture), fileName);

    public string NewTempPath() => Path.Combine(Temp, Guid.NewGuid().ToString("N") + ".upload");

    /// <summary>Writes a file so that readers see either nothing or all of it.</summary>
    internal static async Task WriteAtomicallyAsync(string path, byte[] bytes, CancellationToken ct)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var temp = path + "." + Guid.NewGuid().ToString("N")[..8] + ".part";
        await File.WriteAllBytesAsync(temp, bytes, ct);
        File.Move(temp, path, overwrite: true);
    }

    internal void DeleteTempQuietly(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (IOException)
        {
            // A temp file left behind is removed at the next start.
        }
    }

    /// <summary>Drops renditions of versions other than <paramref name="keepVersion"/> (all of them when null).</summary>
    internal void DropRenditions(Guid key, int? keepVersion)
    {
        var folder = RenditionFolder(key);
        if (!Directory.Exists(folder))
        {
            return;
        }

        foreach (var dir in Directory.EnumerateDirectories(folder))
        {
            if (keepVersion is { } keep && Path.GetFileName(dir) == keep.ToString(System.Globalization.CultureInfo.InvariantCulture))
            {
                continue;
            }

            try
            {
                Directory.Delete(dir, recursive: true);
            }
            catch (IOException e)
            {
                _logger.LogWarning(e, "Could not drop old renditions in {Folder}", dir);
            }
        }
    }

    /// <summary>Removes uploads left half-way by a crash.</summary>
    internal void CleanTemp(TimeSpan olderThan)
    {
        foreach (var file in Directory.EnumerateFiles(Temp))
        {
            if (File.GetLastWriteTimeUtc(file) < DateTime.UtcNow - olderThan)
            {
                DeleteTempQuietly(file);
            }
        }
    }

    /// <summary>The key that signs rendition URLs: the configured one, or one made once and kept beside the media.</summary>
    internal byte[] SigningKey(string? configured)
    {
        if (!string.IsNullOrWhiteSpace(configured))
        {
            var bytes = Convert.FromBase64String(configured);
            if (bytes.Length < 32)
            {
                throw new InvalidOperationException("SqmSite:Media:SigningKey must be at least 32 bytes, base64-encoded.");
            }

            return bytes;
        }

        var path = Path.Combine(Root, "signing.key");
        if (File.Exists(path))
        {
            return Convert.FromBase64String(File.ReadAllText(path).Trim());
        }

        var key = RandomNumberGenerator.GetBytes(32);
        try
        {
            using var stream = new FileStream(path, FileMode.CreateNew, FileAccess.Write);
            using var writer = new StreamWriter(stream);
            writer.Write(Convert.ToBase64String(key));
            if (!OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
            }
        }
        catch (IOException) when (File.Exists(path))
        {
            // Another process made it first; use theirs.
            return Convert.FromBase64String(File.ReadAllText(path).Trim());
        }

        return key;
    }

    private static bool IsBelow(string path, string folder)
    {
        var relative = Path.GetRelativePath(folder, path);
        return relative == "." || (!relative.StartsWith("..", StringComparison.Ordinal) && !Path.IsPathRooted(relative));
    }
}
