using System.Globalization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Logging;

namespace SqmSite.Cms.Web;

/// <summary>
/// The error pages, rendered in the site's layout by <c>Views/Error.cshtml</c>; for an API address (<c>/api/...</c>),
/// or a script that asked for JSON (the story's autosave), the same status as a ProblemDetails document instead, so a
/// script gets JSON, never a page.
/// </summary>
[AllowAnonymous]
[ApiExplorerSettings(IgnoreApi = true)]
public sealed class ErrorController(ILogger<ErrorController> logger) : Controller
{
    /// <summary>
    /// No parameters on purpose: binding one would read the form of the request that failed (the page is re-executed
    /// with it), and a body that could not be read fails again, which turned every such error into "not found".
    /// </summary>
    [Route("/error/{code:int}")]
    [IgnoreAntiforgeryToken]
    public IActionResult Show()
    {
        var code = int.TryParse(RouteData.Values["code"] as string, NumberStyles.None, CultureInfo.InvariantCulture, out var c) ? c : 404;

        // Reached directly or re-executed, the page never claims success.
        var status = code is >= 400 and < 600 ? code : 404;
        var detail = BadInput.DetailOf(HttpContext);
        var failure = HttpContext.Features.Get<IExceptionHandlerFeature>()?.Error;
        if (failure is not null && StorageFull.Describe(failure) is { } what)
        {
            status = StatusCodes.Status507InsufficientStorage;
            detail = StorageFull.ForVisitors;
            logger.LogCritical(failure, "Storage is full: {What}. The request to {Path} was not saved. {Action}", what,
                HttpContext.Features.Get<IExceptionHandlerPathFeature>()?.Path, StorageFull.ForOperators);
        }

        Response.StatusCode = status;
        var model = new ErrorViewModel(status, detail, status is >= 400 and < 500 and not 404 ? SameSiteReferrer(Request) : null);
        var originalPath = HttpContext.Features.Get<IStatusCodeReExecuteFeature>()?.OriginalPath
            ?? HttpContext.Features.Get<IExceptionHandlerPathFeature>()?.Path;
        return originalPath is not null && (ApiPaths.IsApi(originalPath) || WantsJson(Request))
            ? Problem(title: model.Title, detail: detail, statusCode: status)
            : View("~/Views/Error.cshtml", model);
    }

    /// <summary>The page the form was on, when it is this site's: "go back" after a refused form goes there.</summary>
    private static string? SameSiteReferrer(HttpRequest request) =>
        Uri.TryCreate(request.Headers.Referer.ToString(), UriKind.Absolute, out var referrer)
        && string.Equals(referrer.Authority, request.Host.Value, StringComparison.OrdinalIgnoreCase)
        && referrer.Scheme is "http" or "https"
            ? referrer.PathAndQuery
            : null;

    /// <summary>A script that says it reads JSON and not pages.</summary>
    private static bool WantsJson(HttpRequest request)
    {
        var accept = request.Headers.Accept.ToString();
        return accept.Contains("application/json", StringComparison.OrdinalIgnoreCase) && !accept.Contains("text/html", StringComparison.OrdinalIgnoreCase);
    }
}

public sealed record ErrorViewModel(int StatusCode, string? Detail = null, string? BackUrl = null)
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
        400 => "That request could not be handled",
        >= 400 and < 500 => "That request could not be handled",
        507 => "The site could not save that: its storage is full",
        _ => "Something went wrong on our side",
    };
}

/// <summary>The one rule for what is an API address: scripts get status codes and JSON there, never pages or redirects.</summary>
public static class ApiPaths
{
    public static bool IsApi(PathString path) => path.StartsWithSegments("/api");
}
