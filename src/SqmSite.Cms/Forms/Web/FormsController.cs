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
[Route("forms")]
public sealed class FormsController(FormService forms, IPublishedContentCache cache, ILogger<FormsController> logger) : Controller
{
    /// <summary>Uploads make a form post bigger than the site's usual limit; this is the ceiling for one post.</summary>
    public const long MaxPostBytes = 12 * 1024 * 1024;

    public static string ActionUrl(string alias) => "/forms/" + Uri.EscapeDataString(alias);

    [HttpPost("{alias}")]
    [EnableRateLimiting(DependencyInjection.PublicPostRateLimit)]
    [RequestSizeLimit(MaxPostBytes)]
    [RequestFormLimits(MultipartBodyLengthLimit = MaxPostBytes, ValueLengthLimit = 1024 * 1024)]
    public async Task<IActionResult> Post(string alias, CancellationToken ct)
    {
        if (await FormPostReader.ReadAsync(Request, ct) is not { } request)
        {
            // The answer carries its own text: the error page would be rendered for the same unreadable body and fail in turn.
            return new ContentResult { StatusCode = StatusCodes.Status400BadRequest, Content = "The form post could not be read.", ContentType = "text/plain" };
        }

        var page = cache.Snapshot.ByUrl(string.IsNullOrEmpty(request.ReturnUrl) ? "/" : request.ReturnUrl);
        if (page is null)
        {
            // Only pages of this site: a post can never redirect a visitor elsewhere.
            return BadRequest();
        }

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
        var result = await forms.PostAsync(alias, owner, request.Post, ct);
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
        HttpContext.Items[SqmFormViewComponent.StateKey(alias)] = FormViewModel.AfterFailedPost(form, ActionUrl(alias), page.Url, request.Post, result,
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
