using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Logging;
using SqmSite.Cms.Published;
using SqmSite.Cms.Web;

namespace SqmSite.Cms.Forms.Web;

/// <summary>
/// The public endpoint of forms: anonymous visitors post a page of a form here (antiforgery, the public rate limit
/// and a honeypot guard it). Success redirects back to the page; a page with errors is rendered again in place, with
/// every message next to its field.
/// </summary>
/// <remarks>
/// Forms post to the address of the page they sit on (<see cref="PostOnPage"/>), so that after an error the browser's
/// address is still the page's: a reload or a bookmark shows the page, where /forms/{alias} would be a 404 for a GET.
/// /forms/{alias} stays for posts made before, and for clients that post there.
/// </remarks>
[Route("forms")]
public sealed class FormsController(FormService forms, FormEntryService entries, IPublishedContentCache cache, ILogger<FormsController> logger) : Controller
{
    /// <summary>Uploads make a form post bigger than the site's usual limit; this is the ceiling for one post.</summary>
    public const long MaxPostBytes = 12 * 1024 * 1024;

    public static string ActionUrl(string alias) => "/forms/" + Uri.EscapeDataString(alias);

    /// <summary>Where a form on the page at <paramref name="pagePath"/> posts: that page's own address.</summary>
    public static string PageActionUrl(string? pagePath) => string.IsNullOrEmpty(pagePath) ? "/" : pagePath;

    [HttpPost("{alias}")]
    [EnableRateLimiting(DependencyInjection.PublicPostRateLimit)]
    [RequestSizeLimit(MaxPostBytes)]
    [RequestFormLimits(MultipartBodyLengthLimit = MaxPostBytes, ValueLengthLimit = 1024 * 1024)]
    public async Task<IActionResult> Post(string alias, CancellationToken ct)
    {
        if (await FormPostReader.ReadAsync(Request, ct) is not { } request)
        {
            return Unreadable();
        }

        var page = cache.Snapshot.ByUrl(string.IsNullOrEmpty(request.ReturnUrl) ? "/" : request.ReturnUrl);
        if (page is null)
        {
            // Only pages of this site: a post can never redirect a visitor elsewhere.
            return BadRequest();
        }

        return await HandleAsync(alias, page, request, PageActionUrl(page.Url), ct);
    }

    /// <summary>
    /// A form posted to the address of the published page it sits on. Every other endpoint is tried first (the
    /// high order); a post to an address that is no published page, or that names no form, is a 404.
    /// </summary>
    [HttpPost("/{**path}", Order = 1000)]
    [EnableRateLimiting(DependencyInjection.PublicPostRateLimit)]
    [RequestSizeLimit(MaxPostBytes)]
    [RequestFormLimits(MultipartBodyLengthLimit = MaxPostBytes, ValueLengthLimit = 1024 * 1024)]
    public async Task<IActionResult> PostOnPage(string? path, CancellationToken ct)
    {
        var page = cache.Snapshot.ByUrl(Request.Path.Value ?? "/");
        if (page is null)
        {
            return NotFound();
        }

        if (await FormPostReader.ReadAsync(Request, ct) is not { } request)
        {
            return Unreadable();
        }

        if (request.FormAlias is not { } alias)
        {
            return NotFound();
        }

        return await HandleAsync(alias, page, request, PageActionUrl(page.Url), ct);
    }

    /// <summary>The answer carries its own text: the error page would be rendered for the same unreadable body and fail in turn.</summary>
    private static ContentResult Unreadable() =>
        new() { StatusCode = StatusCodes.Status400BadRequest, Content = "The form post could not be read.", ContentType = "text/plain" };

    private async Task<IActionResult> HandleAsync(string alias, PublishedContent page, FormRequest request, string action, CancellationToken ct)
    {

        var anchor = "#form-" + alias;
        if (request.Honeypot)
        {
            logger.LogInformation("Form {Alias}: a post filled the honeypot and was dropped", alias);
            return SeeOther(page.Url + "?sent=" + Uri.EscapeDataString(alias) + anchor);
        }

        var form = await forms.GetFormAsync(alias, ct);
        if (form is null)
        {
            return NotFound();
        }

        var owner = FormOwner.Anonymous(request.ResumeToken);
        var result = await entries.PostAsync(alias, owner, request.Post, ct);
        if (result.Succeeded && result.Value is { } progress)
        {
            if (progress.Submitted)
            {
                return SeeOther(page.Url + "?sent=" + Uri.EscapeDataString(alias) + anchor);
            }

            var resume = progress.NewResumeToken ?? owner.ResumeToken;
            var saved = request.Post.Action == FormAction.SaveForLater ? "&saved=" + Uri.EscapeDataString(alias) : "";
            return SeeOther(page.Url + "?resume=" + Uri.EscapeDataString(resume ?? "") + saved + anchor);
        }

        // Shown again in place: the person's input as typed, each message next to its field.
        HttpContext.Items[SqmFormViewComponent.StateKey(alias)] = FormViewModel.AfterFailedPost(form, action, page.Url, request.Post, result,
            result.Value?.NewResumeToken ?? owner.ResumeToken);
        SqmFormViewComponent.KeepOutOfSharedCache(HttpContext);
        return View(PublishedContentController.TemplatePath(page), page);
    }

    /// <summary>303: the browser follows with a GET, so a refresh never posts again.</summary>
    private StatusCodeResult SeeOther(string url)
    {
        Response.Headers.Location = url;
        return StatusCode(StatusCodes.Status303SeeOther);
    }
}
