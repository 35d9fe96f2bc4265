using System.Globalization;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace SqmSite.Cms.Media;

/// <summary>
/// Serves private media (see <see cref="MediaItem.Owner"/>) from a package's own endpoint, after the package has
/// decided who may see it: the caller names the owner, and a key of anyone else's answers exactly like a missing one.
/// Images go out as renditions, like the library's (re-encoded, without the upload's metadata), at a configured width
/// or full size, inline or as a download; PDFs go out as stored, always as a download. Nothing is stored by any cache
/// (a shared computer keeps no copy), nothing is sniffed, nothing runs.
/// </summary>
public sealed class PrivateMediaFiles(IPrivateMediaService media, MediaRenditions renditions, IMediaOriginals originals,
    ILogger<PrivateMediaFiles> logger)
{
    public async Task<IResult> ServeAsync(Guid key, string owner, int? width, bool download, CancellationToken cancellationToken = default)
    {
        if (await media.GetPrivateAsync(key, owner, cancellationToken) is not { } item)
        {
            return Results.NotFound();
        }

        var entry = MediaEntry.From(item);
        if (entry.IsImage)
        {
            var (plan, refusal) = renditions.Plan(entry, width?.ToString(CultureInfo.InvariantCulture), null, null, null);
            if (refusal is not null)
            {
                return Results.Problem(title: refusal.Title, detail: refusal.Detail, statusCode: refusal.StatusCode);
            }

            string path;
            try
            {
                path = await renditions.EnsureAsync(plan!, cancellationToken);
            }
            catch (Exception e) when (e is ImageMagick.MagickException or IOException)
            {
                logger.LogError(e, "Could not make {File} of private {MediaKey}", plan!.FileName, key);
                return Results.Problem(title: "The picture could not be made",
                    detail: "The stored file could not be processed; the site's log has the details.", statusCode: StatusCodes.Status500InternalServerError);
            }

            var name = download ? Path.ChangeExtension(DownloadName(item), plan!.Spec.Format.Extension()) : null;
            return new PrivateFileResult(Results.File(path, plan!.ContentType, name, entityTag: new Microsoft.Net.Http.Headers.EntityTagHeaderValue(plan.ETag)));
        }

        if (await originals.OpenReadAsync(item.StoredName, cancellationToken) is not { } original)
        {
            return Results.NotFound();
        }

        return new PrivateFileResult(Results.File(original, item.Format.ContentType(), DownloadName(item), enableRangeProcessing: original.CanSeek));
    }

    /// <summary>The uploader's file name, with the extension the content really has.</summary>
    public static string DownloadName(MediaItem item)
    {
        var name = Path.GetFileNameWithoutExtension(item.OriginalFileName);
        return (string.IsNullOrWhiteSpace(name) ? "file" : name) + "." + item.Format.Extension();
    }

    /// <summary>Headers every private file carries, whatever the result that writes it.</summary>
    private sealed class PrivateFileResult(IResult inner) : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext)
        {
            var headers = httpContext.Response.Headers;
            headers.CacheControl = "private, no-store";
            headers.XContentTypeOptions = "nosniff";
            headers.ContentSecurityPolicy = MediaRenditionMiddleware.Sandbox;
            return inner.ExecuteAsync(httpContext);
        }
    }
}
