using System.Globalization;
using ImageMagick;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Primitives;
using Microsoft.Net.Http.Headers;

namespace SqmSite.Cms.Media;

/// <summary>
/// <c>/media/{key}/{file}</c>: renditions of images and downloads of documents. Nothing is served as stored except
/// PDFs, which go out as attachments; every response says what it is (nosniff) and may not run anything (a sandbox
/// CSP), so an upload can never act as a page of the site. A middleware placed before static files and routing,
/// not an endpoint: a cached rendition then costs a dictionary lookup and one write, which is what lets it keep
/// up with nginx (bench/README.md). Nothing here needs authentication, antiforgery or output caching.
/// </summary>
internal sealed class MediaRenditionMiddleware(RequestDelegate next, IMediaCatalog catalog, MediaRenditions renditions, IMediaOriginals originals,
    ILogger<MediaRenditionMiddleware> logger)
{
    /// <summary>A year, and never revalidated: the URL changes whenever the file does.</summary>
    private const string Immutable = "public, max-age=31536000, immutable";

    internal const string Sandbox = "default-src 'none'; style-src 'unsafe-inline'; sandbox";

    private static readonly PathString Prefix = new("/media");

    public Task InvokeAsync(HttpContext http)
    {
        // /media/{key}/{file}, GET or HEAD; anything else goes on (and ends as the site's 404 page).
        if (!HttpMethods.IsGet(http.Request.Method) && !HttpMethods.IsHead(http.Request.Method)
            || !http.Request.Path.StartsWithSegments(Prefix, out var rest)
            || rest.Value is not { Length: > 1 } tail
            || tail.IndexOf('/', 1) is var slash && slash < 0
            || !Guid.TryParse(tail.AsSpan(1, slash - 1), out var key)
            || slash == tail.Length - 1 || tail.IndexOf('/', slash + 1) >= 0)
        {
            return next(http);
        }

        return ServeAsync(http, key);
    }

    private async Task ServeAsync(HttpContext http, Guid key)
    {
        var ct = http.RequestAborted;
        var snapshot = await catalog.GetAsync(ct);
        if (snapshot.ByKey(key) is not { } entry)
        {
            http.Response.StatusCode = StatusCodes.Status404NotFound;
            return;
        }

        var query = http.Request.Query;
        var headers = http.Response.Headers;
        headers.XContentTypeOptions = "nosniff";
        headers.ContentSecurityPolicy = Sandbox;

        // An old version (a page cached before a replace) or no version at all: send to the current URL, briefly cached.
        var version = query["v"];
        if (!int.TryParse(version, NumberStyles.None, CultureInfo.InvariantCulture, out var v) || v != entry.Version)
        {
            headers.CacheControl = "no-cache";
            http.Response.Redirect(CurrentUrl(http, entry));
            return;
        }

        var (plan, refusal) = entry.IsImage || query.ContainsKey("width") || query.ContainsKey("crop") || query.ContainsKey("format")
            ? renditions.Plan(entry, query["width"], query["crop"], query["format"], query["sig"])
            : (null, null);
        if (refusal is null && !entry.IsImage)
        {
            await DocumentAsync(http, entry);
            return;
        }

        if (refusal is not null)
        {
            headers.CacheControl = "no-store";
            await Results.Problem(title: refusal.Title, detail: refusal.Detail, statusCode: refusal.StatusCode).ExecuteAsync(http);
            return;
        }

        headers.CacheControl = Immutable;
        headers.ETag = plan!.ETag;
        if (IfNoneMatch(http.Request, plan.ETag))
        {
            http.Response.StatusCode = StatusCodes.Status304NotModified;
            return;
        }

        var bytes = renditions.FromMemory(plan);
        if (bytes is null)
        {
            string path;
            try
            {
                path = await renditions.EnsureAsync(plan, ct);
            }
            catch (Exception e) when (e is MagickException or IOException)
            {
                logger.LogError(e, "Could not make {File} of {MediaKey}", plan.FileName, entry.Key);
                headers.Remove(HeaderNames.ETag);
                headers.CacheControl = "no-store";
                await Results.Problem(title: "The picture could not be made", detail: "The stored file could not be processed; the site's log has the details.",
                    statusCode: StatusCodes.Status500InternalServerError).ExecuteAsync(http);
                return;
            }

            bytes = await renditions.LoadIntoMemoryAsync(plan, path, ct);
            if (bytes is null)
            {
                await Results.File(path, plan.ContentType).ExecuteAsync(http);
                return;
            }
        }

        http.Response.ContentType = plan.ContentType;
        http.Response.ContentLength = bytes.Length;
        if (!HttpMethods.IsHead(http.Request.Method))
        {
            await http.Response.Body.WriteAsync(bytes, ct);
        }
    }

    private async Task DocumentAsync(HttpContext http, MediaEntry entry)
    {
        var etag = $"\"{entry.Key:N}.{entry.Version}.{entry.Format.Extension()}\"";
        var headers = http.Response.Headers;
        headers.CacheControl = Immutable;
        headers.ETag = etag;
        if (IfNoneMatch(http.Request, etag))
        {
            http.Response.StatusCode = StatusCodes.Status304NotModified;
            return;
        }

        // Always a download, never displayed in the site's origin.
        var disposition = new ContentDispositionHeaderValue("attachment");
        disposition.SetHttpFileName($"{entry.Slug}.{entry.Format.Extension()}");
        var stream = await originals.OpenReadAsync(entry.StoredName, http.RequestAborted);
        if (stream is null)
        {
            headers.Remove("Cache-Control");
            headers.Remove("ETag");
            http.Response.StatusCode = StatusCodes.Status404NotFound;
            return;
        }

        headers.ContentDisposition = disposition.ToString();
        await Results.File(stream, entry.Format.ContentType(), enableRangeProcessing: stream.CanSeek).ExecuteAsync(http);
    }

    private static bool IfNoneMatch(HttpRequest request, string etag)
    {
        var header = request.Headers.IfNoneMatch;
        if (StringValues.IsNullOrEmpty(header))
        {
            return false;
        }

        foreach (var value in header)
        {
            foreach (var part in (value ?? "").Split(','))
            {
                var tag = part.Trim();
                if (tag == "*" || tag == etag || (tag.StartsWith("W/", StringComparison.Ordinal) && tag[2..] == etag))
                {
                    return true;
                }
            }
        }

        return false;
    }

    /// <summary>The same request for the current version, keeping the size, crop, format and signature asked for.</summary>
    private static string CurrentUrl(HttpContext http, MediaEntry entry)
    {
        var query = http.Request.Query;
        var extension = entry.IsImage
            ? (RenditionFormats.Parse(query["format"]) ?? RenditionFormats.DefaultFor(entry.Format)).Extension()
            : entry.Format.Extension();
        var url = $"{http.Request.PathBase}/media/{entry.Key:D}/{entry.Slug}.{extension}?v={entry.Version}";
        foreach (var name in new[] { "width", "crop", "format", "sig" })
        {
            if (query[name] is { Count: > 0 } value && !string.IsNullOrEmpty(value[0]))
            {
                url += $"&{name}={Uri.EscapeDataString(value[0]!)}";
            }
        }

        return url;
    }
}

internal static class MediaRenditionMiddlewareExtensions
{
    public static IApplicationBuilder UseMediaRenditions(this IApplicationBuilder app) => app.UseMiddleware<MediaRenditionMiddleware>();
}
