using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.ViewEngines;
using Microsoft.AspNetCore.OutputCaching;
using SqmSite.Cms.Content;
using SqmSite.Cms.Published;
using SqmSite.Cms.Security;

namespace SqmSite.Cms.Web;

/// <summary>
/// Renders content: the URL is looked up in the published snapshot (memory), and the item is rendered by the
/// Razor template named after its document type, <c>Views/{alias}.cshtml</c>.
/// </summary>
public sealed class PublishedContentController(IPublishedContentCache cache, ICompositeViewEngine views) : Controller
{
    public const string OutputCachePolicy = "PublishedContent";
    public const string OutputCacheTag = "content";

    [HttpGet]
    [HttpHead]
    [OutputCache(PolicyName = OutputCachePolicy)]
    public IActionResult Render(string? path)
    {
        var snapshot = cache.Snapshot;
        var requested = Request.Path.Value;
        if (snapshot.ByUrl(requested ?? "/") is { } content)
        {
            return Template(content);
        }

        if (snapshot.RedirectFor(requested ?? "/") is { } target)
        {
            return RedirectPermanent(target + Request.QueryString);
        }

        return NotFound();
    }

    /// <summary>The newest draft of an item, rendered as the public would see it once published.</summary>
    [HttpGet("/backoffice/preview/{id:int}")]
    [Authorize(Policy = BackofficePolicies.Content)]
    public async Task<IActionResult> Preview(int id, [FromServices] ContentService content, CancellationToken ct)
    {
        var node = await content.GetNodeAsync(id, ct);
        if (node is null || await content.GetLatestVersionAsync(node, ct) is not { } version)
        {
            return NotFound();
        }

        var preview = cache.Preview(node, version);
        if (!preview.ContentType.Routable)
        {
            return NotFound();
        }

        Response.Headers.CacheControl = "no-store";
        Response.Headers["X-Robots-Tag"] = "noindex";
        return Template(preview);
    }

    /// <summary>The Razor template of a content item: named after its document type.</summary>
    internal static string TemplatePath(PublishedContent content) => $"~/Views/{content.ContentTypeAlias}.cshtml";

    private ViewResult Template(PublishedContent content)
    {
        var viewPath = TemplatePath(content);
        if (!views.GetView(null, viewPath, isMainPage: true).Success)
        {
            throw new InvalidOperationException($"Document type '{content.ContentTypeAlias}' has no template at {viewPath}.");
        }

        return View(viewPath, content);
    }
}
