using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace SqmSite.Cms.Web;

/// <summary>
/// The error pages, rendered in the site's layout by <c>Views/Error.cshtml</c>; for an API address (<c>/api/...</c>)
/// the same status as a ProblemDetails document instead, so a script gets JSON, never a page.
/// </summary>
[AllowAnonymous]
[ApiExplorerSettings(IgnoreApi = true)]
public sealed class ErrorController : Controller
{
    [Route("/error/{code:int}")]
    [IgnoreAntiforgeryToken]
    public IActionResult Show(int code)
    {
        // Reached directly or re-executed, the page never claims success.
        var status = code is >= 400 and < 600 ? code : 404;
        Response.StatusCode = status;
        var model = new ErrorViewModel(status);
        var originalPath = HttpContext.Features.Get<Microsoft.AspNetCore.Diagnostics.IStatusCodeReExecuteFeature>()?.OriginalPath
            ?? HttpContext.Features.Get<Microsoft.AspNetCore.Diagnostics.IExceptionHandlerPathFeature>()?.Path;
        return originalPath is not null && ApiPaths.IsApi(originalPath)
            ? Problem(title: model.Title, statusCode: status)
            : View("~/Views/Error.cshtml", model);
    }
}

public sealed record ErrorViewModel(int StatusCode)
{
    public bool IsNotFound => StatusCode == 404;

    public string Title => StatusCode switch
    {
        401 => "You need to sign in first",
        404 => "We couldn't find that page",
        403 => "You don't have access to that page",
        429 => "Too many requests: please wait a minute and try again",
        405 => "That page cannot be used that way",
        413 => "That was more than the site accepts in one go",
        >= 400 and < 500 => "That request could not be handled",
        _ => "Something went wrong on our side",
    };
}

/// <summary>The one rule for what is an API address: scripts get status codes and JSON there, never pages or redirects.</summary>
public static class ApiPaths
{
    public static bool IsApi(Microsoft.AspNetCore.Http.PathString path) => path.StartsWithSegments("/api");
}
