using Microsoft.Extensions.Logging;

namespace SqmSite.Cms.Media;

/// <summary>
/// Where uploaded originals live, seen alike by every instance: a folder (<see cref="FolderOriginals"/>, on a share when
/// several instances run) or an S3-compatible bucket (<see cref="S3Originals"/>). An original is written once under a
/// server-made name and never changed (a replaced file gets a new name), so no reader ever sees half of one. Renditions
/// and uploads being checked stay in each instance's own folders (<see cref="MediaStorage"/>).
/// </summary>
public interface IMediaOriginals
{
    /// <summary>
    /// Stores the checked file at <paramref name="localFile"/> (in <see cref="MediaStorage.Temp"/>) under
    /// <paramref name="storedName"/>; the local file may be moved away, and the caller removes it if it is still there.
    /// </summary>
    Task SaveAsync(string localFile, string storedName, CancellationToken ct);

    /// <summary>The original's bytes as a stream the caller disposes, or null when there is none by that name.</summary>
    Task<Stream?> OpenReadAsync(string storedName, CancellationToken ct);

    /// <summary>Deletes an original (a missing one is fine); false when it could not be deleted (logged).</summary>
    Task<bool> DeleteAsync(string? storedName, CancellationToken ct);

    /// <summary>The stored names of originals written before <paramref name="utc"/> (housekeeping's orphans).</summary>
    IAsyncEnumerable<string> ListWrittenBeforeAsync(DateTime utc, CancellationToken ct);

    /// <summary>Null when the store answers; otherwise why not (readiness).</summary>
    Task<string?> ProblemAsync(CancellationToken ct);
}

public static class MediaOriginalsExtensions
{
    /// <summary>The whole original in memory (images to render are limited in size at upload), or null.</summary>
    public static async Task<byte[]?> ReadAllBytesAsync(this IMediaOriginals originals, string storedName, CancellationToken ct)
    {
        await using var stream = await originals.OpenReadAsync(storedName, ct);
        if (stream is null)
        {
            return null;
        }

        using var buffer = new MemoryStream();
        await stream.CopyToAsync(buffer, ct);
        return buffer.ToArray();
    }
}

/// <summary>Originals in the <c>originals/</c> folder of the media root: the default, shared as a folder between instances.</summary>
internal sealed class FolderOriginals(MediaStorage storage, ILogger<FolderOriginals> logger) : IMediaOriginals
{
    /// <summary>A rename from the temp folder beside it (one volume), so the original appears whole or not at all.</summary>
    public Task SaveAsync(string localFile, string storedName, CancellationToken ct)
    {
        var target = storage.OriginalPath(storedName);
        Directory.CreateDirectory(Path.GetDirectoryName(target)!);
        File.Move(localFile, target, overwrite: false);
        return Task.CompletedTask;
    }

    public Task<Stream?> OpenReadAsync(string storedName, CancellationToken ct)
    {
        try
        {
            return Task.FromResult<Stream?>(new FileStream(storage.OriginalPath(storedName), FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete, 64 * 1024, useAsync: true));
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return Task.FromResult<Stream?>(null);
        }
    }

    public Task<bool> DeleteAsync(string? storedName, CancellationToken ct)
    {
        if (string.IsNullOrEmpty(storedName))
        {
            return Task.FromResult(false);
        }

        try
        {
            File.Delete(storage.OriginalPath(storedName));
            return Task.FromResult(true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            logger.LogWarning(e, "Could not delete the original {StoredName}", storedName);
            return Task.FromResult(false);
        }
    }

    /// <summary>Symbolic links (to files or folders) are neither returned nor followed: nothing outside the folder is listed.</summary>
    public async IAsyncEnumerable<string> ListWrittenBeforeAsync(DateTime utc, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct)
    {
        var options = new EnumerationOptions
        {
            RecurseSubdirectories = true,
            IgnoreInaccessible = true,
            AttributesToSkip = FileAttributes.ReparsePoint | FileAttributes.Hidden | FileAttributes.System,
        };
        foreach (var path in Directory.EnumerateFiles(storage.Originals, "*", options))
        {
            ct.ThrowIfCancellationRequested();
            if (File.GetLastWriteTimeUtc(path) < utc)
            {
                yield return Path.GetRelativePath(storage.Originals, path).Replace(Path.DirectorySeparatorChar, '/');
            }
        }

        await Task.CompletedTask;
    }

    public Task<string?> ProblemAsync(CancellationToken ct) =>
        Task.FromResult(Directory.Exists(storage.Originals) ? null : $"The originals folder {storage.Originals} is gone.");
}
