using System.Globalization;
using ImageMagick;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Primitives;
using Microsoft.Net.Http.Headers;

namespace SqmSite.Cms.Media;

/// <summary>
/// <c>/media/{key}/{file}</c>: renditions of images and downloads of documents. Nothing is served as stored except
/// PDFs, which go out as attachments; every response says what it is (nosniff) and may not run anything (a sandbox
/// CSP), so an upload can never act as a page of the site.
/// </summary>
internal static class MediaEndpoints
{
    /// <summary>A year, and never revalidated: the URL changes whenever the file does.</summary>
    private const string Immutable = "public, max-age=31536000, immutable";

    private const string Sandbox = "default-src 'none'; style-src 'unsafe-inline'; sandbox";

    public static IEndpointRouteBuilder MapMediaEndpoints(this IEndpointRouteBuilder endpoints)
    {
        // Short-circuited: a cached rendition needs neither authentication nor output caching, so it skips them.
        endpoints.MapMethods("/media/{key:guid}/{file}", [HttpMethods.Get, HttpMethods.Head], ServeAsync)
            .AllowAnonymous()
            .ShortCircuit();
        return endpoints;
    }

    private static async Task<IResult> ServeAsync(HttpContext http, Guid key, IMediaCatalog catalog, MediaRenditions renditions,
        MediaStorage storage, MediaUrls urls, ILoggerFactory loggers, CancellationToken ct)
    {
        var snapshot = await catalog.GetAsync(ct);
        if (snapshot.ByKey(key) is not { } entry)
        {
            return Results.NotFound();
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
            return Results.Redirect(CurrentUrl(http, entry));
        }

        var (plan, refusal) = entry.IsImage || query.ContainsKey("width") || query.ContainsKey("crop") || query.ContainsKey("format")
            ? renditions.Plan(entry, query["width"], query["crop"], query["format"], query["sig"])
            : (null, null);
        if (refusal is null && !entry.IsImage)
        {
            return Document(http, entry, storage);
        }

        if (refusal is not null)
        {
            headers.CacheControl = "no-store";
            return Results.Problem(title: refusal.Title, detail: refusal.Detail, statusCode: refusal.StatusCode);
        }

        headers.CacheControl = Immutable;
        headers.ETag = plan!.ETag;
        if (IfNoneMatch(http.Request, plan.ETag))
        {
            return Results.StatusCode(StatusCodes.Status304NotModified);
        }

        string path;
        try
        {
            path = await renditions.EnsureAsync(plan, ct);
        }
        catch (Exception e) when (e is MagickException or IOException)
        {
            loggers.CreateLogger(typeof(MediaEndpoints)).LogError(e, "Could not make {File} of {MediaKey}", plan.FileName, entry.Key);
            headers.Remove(HeaderNames.ETag);
            headers.CacheControl = "no-store";
            return Results.Problem(title: "The picture could not be made", detail: "The stored file could not be processed; the site's log has the details.",
                statusCode: StatusCodes.Status500InternalServerError);
        }

        return Results.File(path, plan.ContentType);
    }

    private static IResult Document(HttpContext http, MediaEntry entry, MediaStorage storage)
    {
        var path = storage.OriginalPath(entry.StoredName);
        if (!File.Exists(path))
        {
            return Results.NotFound();
        }

        var etag = $"\"{entry.Key:N}.{entry.Version}.{entry.Format.Extension()}\"";
        var headers = http.Response.Headers;
        headers.CacheControl = Immutable;
        headers.ETag = etag;
        if (IfNoneMatch(http.Request, etag))
        {
            return Results.StatusCode(StatusCodes.Status304NotModified);
        }

        // Always a download, never displayed in the site's origin.
        var disposition = new ContentDispositionHeaderValue("attachment");
        disposition.SetHttpFileName($"{entry.Slug}.{entry.Format.Extension()}");
        headers.ContentDisposition = disposition.ToString();
        return Results.File(path, entry.Format.ContentType());
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
