using Microsoft.Extensions.Options;

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
/// Where the files of file upload fields go. The default keeps them below App_Data; the media pipeline can replace it
/// (register another implementation after <c>AddSqmCmsCore</c>).
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

    /// <summary>Where uploads are kept; relative paths are below the content root. Never below wwwroot.</summary>
    public string UploadFolder { get; set; } = "App_Data/form-uploads";
}

/// <summary>
/// Keeps uploads on disk under server-made names, outside wwwroot so nothing is ever served directly. The type is
/// decided by the file's first bytes, never by its name or the browser's claim: PDF, PNG and JPEG only.
/// </summary>
internal sealed class AppDataFormFileStore : IFormFileStore
{
    private static readonly (string Extension, string ContentType, byte[] Magic)[] Allowed =
    [
        (".pdf", "application/pdf", "%PDF-"u8.ToArray()),
        (".png", "image/png", [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]),
        (".jpg", "image/jpeg", [0xFF, 0xD8, 0xFF]),
    ];

    private readonly FormsOptions _options;
    private readonly string _folder;

    public AppDataFormFileStore(IOptions<FormsOptions> options, ContentRootPath root)
    {
        _options = options.Value;
        _folder = Path.IsPathRooted(_options.UploadFolder) ? _options.UploadFolder : Path.Combine(root.Path, _options.UploadFolder);
    }

    public async Task<FormFileResult> SaveAsync(FormUpload upload, long? maxBytes, CancellationToken cancellationToken = default)
    {
        var limit = Math.Min(maxBytes ?? long.MaxValue, _options.MaxFileBytes);
        if (upload.Length <= 0)
        {
            return new FormFileResult(FormFileStatus.Empty, null, "The file is empty.");
        }

        if (upload.Length > limit)
        {
            return new FormFileResult(FormFileStatus.TooLarge, null, $"The file is larger than {Megabytes(limit)}.");
        }

        Directory.CreateDirectory(_folder);
        await using var source = upload.OpenReadStream();
        var head = new byte[8];
        var read = await source.ReadAtLeastAsync(head, head.Length, throwOnEndOfStream: false, cancellationToken);
        var kind = Allowed.FirstOrDefault(a => read >= a.Magic.Length && head.AsSpan(0, a.Magic.Length).SequenceEqual(a.Magic));
        if (kind.Extension is null)
        {
            return new FormFileResult(FormFileStatus.NotAllowed, null, "The file must be a PDF, PNG or JPEG.");
        }

        var id = Guid.NewGuid().ToString("N") + kind.Extension;
        var path = Path.Combine(_folder, id);
        long written = read;
        await using (var target = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, 81920, useAsync: true))
        {
            await target.WriteAsync(head.AsMemory(0, read), cancellationToken);
            var buffer = new byte[81920];
            int n;
            while ((n = await source.ReadAsync(buffer, cancellationToken)) > 0)
            {
                // The declared length can lie; the bytes actually read are what count.
                written += n;
                if (written > limit)
                {
                    break;
                }

                await target.WriteAsync(buffer.AsMemory(0, n), cancellationToken);
            }
        }

        if (written > limit)
        {
            File.Delete(path);
            return new FormFileResult(FormFileStatus.TooLarge, null, $"The file is larger than {Megabytes(limit)}.");
        }

        var name = SafeName(upload.FileName, kind.Extension);
        return new FormFileResult(FormFileStatus.Stored, new FormFileValue(id, name, kind.ContentType, written), null);
    }

    public Task<Stream?> OpenAsync(string id, CancellationToken cancellationToken = default)
    {
        var path = PathOf(id);
        return Task.FromResult<Stream?>(path is not null && File.Exists(path) ? File.OpenRead(path) : null);
    }

    public Task DeleteAsync(string id, CancellationToken cancellationToken = default)
    {
        if (PathOf(id) is { } path && File.Exists(path))
        {
            File.Delete(path);
        }

        return Task.CompletedTask;
    }

    /// <summary>Only names this store made are accepted, so an id can never walk out of the folder.</summary>
    private string? PathOf(string id) =>
        id.Length == 36 && Guid.TryParseExact(id[..32], "N", out _) && Allowed.Any(a => id.EndsWith(a.Extension, StringComparison.Ordinal))
            ? Path.Combine(_folder, id)
            : null;

    /// <summary>The person's file name, for display and downloads only: no folders, no control characters, the real extension.</summary>
    private static string SafeName(string fileName, string extension)
    {
        var name = Path.GetFileNameWithoutExtension(fileName.Replace('\\', '/').Split('/').Last());
        name = new string([.. name.Where(c => !char.IsControl(c) && c is not ('"' or '<' or '>' or '|' or ':' or '*' or '?'))]).Trim();
        if (name.Length == 0)
        {
            name = "file";
        }

        return (name.Length > 100 ? name[..100] : name) + extension;
    }

    private static string Megabytes(long bytes) => $"{bytes / (1024d * 1024d):0.#} MB";
}

/// <summary>The content root, for services that keep files below it.</summary>
public sealed record ContentRootPath(string Path);
