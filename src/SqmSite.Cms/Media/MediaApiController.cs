using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.ApplicationModels;
using SqmSite.Cms.Security;
using SqmSite.Cms.Web;

namespace SqmSite.Cms.Media;

/// <summary>What the backoffice's scripts get back about an item.</summary>
public sealed record MediaItemDto(int Id, Guid Key, string Name, string Kind, string Format, string? AltText, int? Width, int? Height,
    long Bytes, int? FolderId, string Url, string? ThumbnailUrl, string EditUrl);

/// <summary>
/// The backoffice's media API: uploads (one file per request, so each has its own progress bar), file replacement
/// and the picker's listing. Posts need the antiforgery token (in the RequestVerificationToken header, or the form);
/// plain form posts (no script) are answered with a redirect back to the library. Not an [ApiController]: its
/// inferred multipart-only constraint would turn other posts into a 404 before authorization could answer.
/// </summary>
[Route("api/backoffice/media")]
[Authorize(Policy = BackofficePolicies.Content)]
public sealed class MediaApiController(MediaService media, IMediaCatalog catalog, MediaUrls urls) : Controller
{
    [HttpGet]
    public async Task<ActionResult<IReadOnlyList<MediaItemDto>>> List([FromQuery] string? kind, [FromQuery] string? q, [FromQuery] int? folderId,
        [FromQuery] bool all = true, CancellationToken ct = default)
    {
        MediaKind? wanted = null;
        if (!ModelState.IsValid)
        {
            return Problem(title: "Invalid query", detail: FirstError(), statusCode: StatusCodes.Status400BadRequest);
        }

        if (!string.IsNullOrEmpty(kind))
        {
            if (!Enum.TryParse<MediaKind>(kind, ignoreCase: true, out var parsed) || !Enum.IsDefined(parsed))
            {
                return Problem(title: "Unknown kind", detail: "kind is image or document.", statusCode: StatusCodes.Status400BadRequest);
            }

            wanted = parsed;
        }

        var items = await media.SearchAsync(wanted, q, folderId, all, 200, ct);
        var snapshot = await catalog.GetAsync(ct);
        return Ok(items.Select(i => ToDto(i, snapshot)).ToList());
    }

    /// <summary>Uploads one file (field "file") with its alt text, into a folder (or the root).</summary>
    [HttpPost]
    [MediaUpload]
    public async Task<IActionResult> Upload([FromForm] IFormFile? file, [FromForm] string? altText, [FromForm] int? folderId, CancellationToken ct)
    {
        if (BodyTooLarge())
        {
            return Refused(TooLarge(), null);
        }

        if (!ModelState.IsValid)
        {
            return Refused(Attempt<MediaOperationStatus>.Fail(MediaOperationStatus.ValidationFailed, "The form could not be read: " + FirstError()), null);
        }

        if (file is null)
        {
            return Refused(NoFile, folderId);
        }

        await using var stream = file.OpenReadStream();
        var result = await media.UploadAsync(stream, file.FileName, altText, folderId, User.Identity?.Name, ct);
        if (!result.Succeeded)
        {
            return Refused(result, folderId);
        }

        if (!WantsJson)
        {
            TempData.Notice($"\"{result.Value!.Name}\" was uploaded.");
            return Redirect(LibraryUrl(folderId));
        }

        var dto = ToDto(result.Value!, await catalog.GetAsync(ct));
        return Created(dto.EditUrl, dto);
    }

    /// <summary>Replaces an item's file (field "file"), keeping its key; the URLs of its renditions change.</summary>
    [HttpPost("{id:int}/file")]
    [MediaUpload]
    public async Task<IActionResult> Replace([FromRoute] int id, [FromForm] IFormFile? file, CancellationToken ct)
    {
        if (BodyTooLarge())
        {
            return Refused(TooLarge(), null, id);
        }

        if (file is null)
        {
            return Refused(NoFile, null, id);
        }

        await using var stream = file.OpenReadStream();
        var result = await media.ReplaceAsync(id, stream, file.FileName, User.Identity?.Name, ct);
        if (!result.Succeeded)
        {
            return Refused(result, null, id);
        }

        if (!WantsJson)
        {
            TempData.Notice("The file was replaced. Pages that use it show the new one.");
            return Redirect($"/backoffice/media/edit/{id}");
        }

        return Ok(ToDto(result.Value!, await catalog.GetAsync(ct)));
    }

    private string FirstError() =>
        ModelState.Where(e => e.Value!.Errors.Count > 0)
            .Select(e => string.IsNullOrEmpty(e.Key) ? e.Value!.Errors[0].ErrorMessage : $"{e.Key}: {e.Value!.Errors[0].ErrorMessage}")
            .FirstOrDefault() ?? "invalid input.";

    /// <summary>
    /// A body without a declared length grew past the endpoint's limit while the form was read (Kestrel stopped it).
    /// MVC keeps only the message of that failure, hence the text match.
    /// </summary>
    private bool BodyTooLarge() =>
        ModelState.Values.SelectMany(v => v.Errors).Any(e =>
            e.Exception is BadHttpRequestException { StatusCode: StatusCodes.Status413PayloadTooLarge }
            || e.ErrorMessage.Contains("Request body too large", StringComparison.OrdinalIgnoreCase));

    private bool WantsJson => Request.Headers.Accept.Any(a => a?.Contains("application/json", StringComparison.OrdinalIgnoreCase) == true)
        || Request.Headers.ContainsKey("RequestVerificationToken");

    private static readonly Attempt<MediaOperationStatus> NoFile =
        Attempt<MediaOperationStatus>.Invalid(MediaOperationStatus.ValidationFailed, "File", "Choose a file to upload.");

    private Attempt<MediaOperationStatus> TooLarge() =>
        Attempt<MediaOperationStatus>.Fail(MediaOperationStatus.TooLarge, $"The upload is larger than the limit of {MediaService.FormatBytes(media.MaxUploadBytes)}.");

    /// <summary>A refused upload: a red notice on the page it came from, or a ProblemDetails answer for a script.</summary>
    private IActionResult Refused(IAttempt refusal, int? folderId, int? itemId = null)
    {
        if (!WantsJson)
        {
            TempData.Alert(refusal);
            return Redirect(itemId is { } id ? $"/backoffice/media/edit/{id}" : LibraryUrl(folderId));
        }

        return refusal.ToProblem(Title((MediaOperationStatus)refusal.StatusValue));
    }

    private static string Title(MediaOperationStatus status) => status switch
    {
        MediaOperationStatus.TooLarge => "The file is too large",
        MediaOperationStatus.UnsupportedFormat => "This kind of file is not accepted",
        MediaOperationStatus.Unsafe => "The file was refused for safety",
        MediaOperationStatus.Corrupt => "The file is damaged or incomplete",
        MediaOperationStatus.TooManyPixels => "The image is too large to process",
        MediaOperationStatus.NotFound => "Not found",
        MediaOperationStatus.StoreUnavailable => "The file could not be stored",
        _ => "Please correct the upload",
    };

    private static string LibraryUrl(int? folderId) => folderId is { } f ? $"/backoffice/media/{f}" : "/backoffice/media";

    private MediaItemDto ToDto(MediaItem item, MediaSnapshot snapshot)
    {
        var entry = snapshot.ByKey(item.Key) ?? MediaEntry.From(item);
        return new MediaItemDto(item.Id, item.Key, item.Name, item.Kind.ToString(), item.Format.Label(), item.AltText, item.Width, item.Height, item.Bytes,
            item.FolderId, urls.Url(entry), entry.IsImage ? urls.Url(entry, 320, null, RenditionFormat.WebP) : null, $"/backoffice/media/edit/{item.Id}");
    }
}

/// <summary>
/// Marks an action, or a Razor page model, that receives uploads for the media pipeline: its body and form limits
/// come from <see cref="MediaOptions.MaxUploadBytes"/> instead of the site-wide form limit.
/// </summary>
[AttributeUsage(AttributeTargets.Method | AttributeTargets.Class)]
public sealed class MediaUploadAttribute : Attribute;

/// <summary>
/// Gives upload actions and pages their own request size limit (the configured upload limit plus room for the form's
/// other fields) instead of the site-wide form limit. Attributes cannot read settings, so this convention adds them.
/// </summary>
internal sealed class MediaUploadLimitConvention(long maxUploadBytes) : IActionModelConvention, IPageApplicationModelConvention
{
    /// <summary>Room for the multipart boundaries and the alt text.</summary>
    public const long FormOverhead = 64 * 1024;

    public void Apply(ActionModel action)
    {
        if (!action.Attributes.OfType<MediaUploadAttribute>().Any())
        {
            return;
        }

        foreach (var limit in Limits())
        {
            action.Filters.Add(limit);
            foreach (var selector in action.Selectors)
            {
                selector.EndpointMetadata.Add(limit);
            }
        }
    }

    public void Apply(PageApplicationModel model)
    {
        if (!model.HandlerTypeAttributes.OfType<MediaUploadAttribute>().Any())
        {
            return;
        }

        foreach (var limit in Limits())
        {
            model.Filters.Add(limit);
            model.EndpointMetadata.Add(limit);
        }
    }

    private IEnumerable<Microsoft.AspNetCore.Mvc.Filters.IFilterMetadata> Limits()
    {
        var limit = maxUploadBytes + FormOverhead;
        yield return new RequestSizeLimitAttribute(limit);
        yield return new RequestFormLimitsAttribute { MultipartBodyLengthLimit = limit, ValueLengthLimit = 64 * 1024 };
    }
}
