using System.Globalization;
using System.Text;
using Microsoft.Extensions.Logging;
using SqmSite.Cms.Content;
using SqmSite.Cms.Data;

namespace SqmSite.Cms.Media;

/// <summary>
/// The one way a file comes in, for the library (<see cref="MediaService"/>) and private files
/// (<see cref="PrivateMediaService"/>) alike: copied under the size limit, checked by the pipeline, stored under a
/// server-made name, and saved with its item.
/// </summary>
public sealed class MediaIntake(CmsDbContext db, ImagePipeline pipeline, MediaStorage storage, IMediaOriginals originals, ILogger<MediaIntake> logger)
{
    public long MaxUploadBytes => pipeline.Options.MaxUploadBytes;

    /// <summary>
    /// Receives and checks a file, lets the caller refuse it (field and message) or apply it to an item, and saves;
    /// what follows a change (renditions, catalog, notifications) is the caller's.
    /// A stored file whose save fails is removed again; the temp file always is.
    /// </summary>
    internal async Task<Attempt<MediaItem, MediaOperationStatus>> StoreAsync(Stream content, string fileName, Func<MediaFormat, string, (string Field, string Message)?> refuse,
        Func<StoredFile, MediaItem> apply, CancellationToken ct)
    {
        var received = await ReceiveAsync(content, fileName, ct);
        if (!received.Succeeded)
        {
            return received.As<MediaItem>();
        }

        var (temp, inspection, originalName) = received.Value!;
        try
        {
            var format = inspection.Format!.Value;
            if (refuse(format, originalName) is { } problem)
            {
                return Attempt<MediaItem, MediaOperationStatus>.Fail(MediaOperationStatus.ValidationFailed, problem.Message, new Dictionary<string, string> { [problem.Field] = problem.Message });
            }

            var stored = new StoredFile(format, originalName, MediaStorage.NewStoredName(format), new FileInfo(temp).Length, inspection.Width, inspection.Height);
            try
            {
                await originals.SaveAsync(temp, stored.StoredName, ct);
            }
            catch (Exception e) when (e is Amazon.Runtime.AmazonServiceException or Amazon.Runtime.AmazonClientException or HttpRequestException or IOException or OperationCanceledException
                && !ct.IsCancellationRequested)
            {
                logger.LogError(e, "Could not store the original {StoredName}", stored.StoredName);
                const string message = "The file could not be stored: the media store does not answer. Nothing was saved; try again in a moment.";
                return Attempt<MediaItem, MediaOperationStatus>.Fail(MediaOperationStatus.StoreUnavailable, message, new Dictionary<string, string> { ["File"] = message });
            }

            var item = apply(stored);
            try
            {
                // A library item's change is logged with it (webhooks follow the log); a private file's is nobody's business.
                await ContentChangeLog.SaveWithChangesAsync(db,
                    item.IsPrivate ? [] : [MediaChanges.Of(item, ContentChangeKind.MediaSaved, item.UpdatedUtc)], ct);
            }
            catch
            {
                await originals.DeleteAsync(stored.StoredName, CancellationToken.None);
                throw;
            }

            return Attempt<MediaItem, MediaOperationStatus>.Ok(item);
        }
        finally
        {
            storage.DeleteTempQuietly(temp);
        }
    }

    private sealed record Received(string TempPath, MediaInspection Inspection, string OriginalName);

    /// <summary>Copies the upload to a temp file under the size limit and checks what it is; the caller deletes the temp file.</summary>
    private async Task<Attempt<Received, MediaOperationStatus>> ReceiveAsync(Stream content, string fileName, CancellationToken ct)
    {
        var originalName = CleanFileName(fileName);
        var limit = pipeline.Options.MaxUploadBytes;
        var temp = storage.NewTempPath();
        var keep = false;
        try
        {
            long total = 0;
            await using (var file = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 81920, useAsync: true))
            {
                var buffer = new byte[81920];
                int read;
                while ((read = await content.ReadAsync(buffer, ct)) > 0)
                {
                    total += read;
                    if (total > limit)
                    {
                        return Attempt<Received, MediaOperationStatus>.Fail(MediaOperationStatus.TooLarge,
                            $"\"{originalName}\" is larger than the upload limit of {MediaService.FormatBytes(limit)}. Make it smaller (a photo rarely needs more than 4,000 pixels across) and upload it again.");
                    }

                    await file.WriteAsync(buffer.AsMemory(0, read), ct);
                }
            }

            var bytes = await File.ReadAllBytesAsync(temp, ct);
            var inspection = await Task.Run(() => pipeline.Inspect(bytes), ct);
            if (!inspection.Succeeded)
            {
                logger.LogInformation("Refused upload {FileName}: {Status}", originalName, inspection.Status);
                return Attempt<Received, MediaOperationStatus>.Fail(inspection.Status, inspection.Message!, new Dictionary<string, string> { ["File"] = inspection.Message! });
            }

            keep = true;
            return Attempt<Received, MediaOperationStatus>.Ok(new Received(temp, inspection, originalName));
        }
        finally
        {
            if (!keep)
            {
                storage.DeleteTempQuietly(temp);
            }
        }
    }

    /// <summary>Trimmed, control characters removed, runs of white space made one; null when nothing is left.</summary>
    internal static string? CleanText(string? text)
    {
        if (text is null)
        {
            return null;
        }

        var sb = new StringBuilder(text.Length);
        foreach (var c in text.Normalize(NormalizationForm.FormC))
        {
            if (char.IsControl(c) || char.IsWhiteSpace(c))
            {
                if (sb.Length > 0 && sb[^1] != ' ')
                {
                    sb.Append(' ');
                }
            }
            else if (CharUnicodeInfo.GetUnicodeCategory(c) != UnicodeCategory.Format)
            {
                sb.Append(c);
            }
        }

        var clean = sb.ToString().Trim();
        return clean.Length == 0 ? null : clean;
    }

    /// <summary>The last part of whatever path a browser sent, cleaned; the name is only shown, never used to store.</summary>
    internal static string CleanFileName(string? fileName)
    {
        var name = CleanText(fileName?.Replace('\\', '/').Split('/').LastOrDefault()) ?? "upload";
        return name.Length > MediaService.MaxNameLength ? name[..MediaService.MaxNameLength] : name;
    }

    internal static string NameFrom(string originalFileName)
    {
        var name = Path.GetFileNameWithoutExtension(originalFileName).Replace('_', ' ').Trim();
        return name.Length == 0 ? "Untitled" : name;
    }
}
