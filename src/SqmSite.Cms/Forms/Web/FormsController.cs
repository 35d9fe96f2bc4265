using System.Text.Json.Nodes;
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
        if (!Request.HasFormContentType)
        {
            return BadRequest();
        }

        IFormCollection formData;
        try
        {
            formData = await Request.ReadFormAsync(ct);
        }
        catch (Exception ex) when (ex is InvalidDataException or IOException)
        {
            // A malformed multipart body is the sender's mistake. The answer carries its own text: the error page
            // would be rendered for the same unreadable body and fail in turn.
            return new ContentResult { StatusCode = StatusCodes.Status400BadRequest, Content = "The form post could not be read.", ContentType = "text/plain" };
        }

        var returnUrl = formData[FormViewModel.ReturnField].ToString();
        var page = cache.Snapshot.ByUrl(string.IsNullOrEmpty(returnUrl) ? "/" : returnUrl);
        if (page is null)
        {
            // Only pages of this site: a post can never redirect a visitor elsewhere.
            return BadRequest();
        }

        if (!string.IsNullOrEmpty(formData[FormViewModel.HoneypotField]))
        {
            logger.LogInformation("Form {Alias}: a post filled the honeypot and was dropped", alias);
            return SeeOther(page.Url + "?sent=" + Uri.EscapeDataString(alias) + "#form-" + alias);
        }

        var form = await forms.GetFormAsync(alias, ct);
        if (form is null)
        {
            return NotFound();
        }

        var values = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        foreach (var (name, value) in formData)
        {
            if (name.StartsWith(FormViewModel.FieldPrefix, StringComparison.Ordinal))
            {
                values[name[FormViewModel.FieldPrefix.Length..]] = [.. value.Select(v => v ?? "")];
            }
        }

        var files = formData.Files
            .Where(f => f.Name.StartsWith(FormViewModel.FieldPrefix, StringComparison.Ordinal) && f.Length > 0)
            .GroupBy(f => f.Name[FormViewModel.FieldPrefix.Length..])
            .ToDictionary(g => g.Key, g => new FormUpload(g.First().FileName, g.First().Length, g.First().OpenReadStream));

        var action = formData[FormViewModel.ActionField].ToString() switch
        {
            "next" => FormAction.Next,
            "back" => FormAction.Back,
            "save" => FormAction.SaveForLater,
            _ => FormAction.Submit,
        };
        _ = int.TryParse(formData[FormViewModel.PageField], out var pageIndex);
        var submissionKey = Guid.TryParse(formData[FormViewModel.SubmissionField], out var sk) ? sk : (Guid?)null;
        var token = formData[FormViewModel.ResumeField].ToString();
        var owner = FormOwner.Anonymous(token);

        var result = await forms.PostAsync(alias, owner, new FormPost(pageIndex, action, new FormInput(values, files), submissionKey), ct);
        var anchor = "#form-" + alias;
        if (result.Succeeded && result.Value is { } progress)
        {
            if (progress.Submitted)
            {
                return SeeOther(page.Url + "?sent=" + Uri.EscapeDataString(alias) + anchor);
            }

            var resume = progress.NewResumeToken ?? owner.ResumeToken;
            var saved = action == FormAction.SaveForLater ? "&saved=" + Uri.EscapeDataString(alias) : "";
            return SeeOther(page.Url + "?resume=" + Uri.EscapeDataString(resume ?? "") + saved + anchor);
        }

        if (result.Status == FormStatus.NotFound && result.Value is null && owner.ResumeToken is null)
        {
            return NotFound();
        }

        // Shown again in place: the person's input as typed, each message next to its field.
        var state = result.Value;
        var shownValues = state?.Entry?.Values.DeepClone().AsObject() ?? [];
        var shownPage = Math.Clamp(state?.Page ?? pageIndex, 0, form.Pages.Count - 1);
        foreach (var field in form.Pages[shownPage].Fields.Where(f => f.HoldsValue && f.Type != FormFieldType.FileUpload))
        {
            var (value, _) = FormValues.Parse(field, values.GetValueOrDefault(field.Alias) ?? []);
            if (value is null)
            {
                shownValues.Remove(field.Alias);
            }
            else
            {
                shownValues[field.Alias] = value;
            }
        }

        HttpContext.Items[SqmFormViewComponent.StateKey(alias)] = new FormViewModel
        {
            Form = form,
            Action = ActionUrl(alias),
            ReturnUrl = page.Url,
            Page = shownPage,
            Values = shownValues,
            Posted = shownPage == Math.Clamp(pageIndex, 0, form.Pages.Count - 1) ? values : null,
            Errors = result.Errors,
            Message = result.Errors.Count > 0 && result.Status == FormStatus.ValidationFailed ? null : result.Message,
            ResumeToken = state?.NewResumeToken ?? owner.ResumeToken,
            SubmissionKey = submissionKey ?? Guid.NewGuid(),
        };
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
