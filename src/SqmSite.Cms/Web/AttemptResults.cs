using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.AspNetCore.Mvc.ViewFeatures;

namespace SqmSite.Cms.Web;

/// <summary>
/// The one way a page or an API shows an <see cref="IAttempt"/>: field errors beside their inputs and the message in
/// the summary, a one-line notice after a redirect, or a ProblemDetails answer.
/// </summary>
public static class AttemptResults
{
    /// <summary>The TempData keys the layouts read for the notice after a redirect.</summary>
    public const string MessageKey = "Message";

    public const string ErrorKey = "Error";

    /// <summary>The first message on <paramref name="key"/>, for the line beside its field; null when it has none.</summary>
    public static string? FirstError(this ModelStateDictionary modelState, string key) =>
        modelState.TryGetValue(key, out var entry) && entry.Errors.Count > 0 ? entry.Errors[0].ErrorMessage : null;

    /// <summary>
    /// Puts a failed attempt's field errors on the page's form (each under <paramref name="key"/> of its field's name,
    /// the name itself by default) and its message on the summary when no field explains it.
    /// </summary>
    public static void AddAttempt(this ModelStateDictionary modelState, IAttempt attempt, Func<string, string>? key = null)
    {
        foreach (var (field, error) in Messages(attempt))
        {
            modelState.AddModelError(key is null || field.Length == 0 ? field : key(field), error);
        }
    }

    /// <summary>
    /// The same for a page that keeps its messages in a dictionary of its own (the form editor, whose keys are the
    /// definition's): a key that has a message already keeps it.
    /// </summary>
    public static void AddAttempt(this IDictionary<string, string> errors, IAttempt attempt)
    {
        foreach (var (field, error) in Messages(attempt))
        {
            errors.TryAdd(field, error);
        }
    }

    /// <summary>A failed attempt's messages by key: its field errors, or its message under the empty key (the summary) when no field explains it.</summary>
    private static IEnumerable<KeyValuePair<string, string>> Messages(IAttempt attempt)
    {
        if (attempt.Succeeded)
        {
            return [];
        }

        return attempt.Errors.Count > 0 ? attempt.Errors : [new(string.Empty, attempt.Message ?? "That did not work.")];
    }

    /// <summary>The green notice the next page shows (after a redirect).</summary>
    public static void Notice(this ITempDataDictionary tempData, string message) => tempData[MessageKey] = message;

    /// <summary>The red notice the next page shows (after a redirect).</summary>
    public static void Alert(this ITempDataDictionary tempData, string message) => tempData[ErrorKey] = message;

    /// <summary>The red notice for a failed attempt: its message.</summary>
    public static void Alert(this ITempDataDictionary tempData, IAttempt attempt) => tempData[ErrorKey] = attempt.Message ?? "That did not work.";

    /// <summary>
    /// A failed attempt as <c>application/problem+json</c>: its message as the detail, its field errors as
    /// <c>errors</c>, and the HTTP status its status names (NotFound 404, TooLarge 413, UnsupportedFormat 415, the rest 400)
    /// unless <paramref name="statusCode"/> says otherwise.
    /// </summary>
    public static ObjectResult ToProblem(this IAttempt attempt, string? title = null, int? statusCode = null)
    {
        var problem = attempt.ToProblemDetails(title, statusCode);
        return new ObjectResult(problem) { StatusCode = problem.Status, ContentTypes = { "application/problem+json" } };
    }

    /// <summary>The problem <see cref="ToProblem"/> answers with, for minimal APIs (<c>Results.Problem(details)</c>).</summary>
    public static ValidationProblemDetails ToProblemDetails(this IAttempt attempt, string? title = null, int? statusCode = null) =>
        new(attempt.Errors.ToDictionary(e => e.Key, e => new[] { e.Value }))
        {
            Title = title ?? "The request was refused",
            Detail = attempt.Message,
            Status = statusCode ?? HttpStatusFor(attempt.StatusValue),
        };

    /// <summary>The HTTP status a failure's name implies, for any operation's status enum.</summary>
    public static int HttpStatusFor(Enum status) => status.ToString() switch
    {
        "NotFound" => StatusCodes.Status404NotFound,
        "TooLarge" => StatusCodes.Status413PayloadTooLarge,
        "UnsupportedFormat" => StatusCodes.Status415UnsupportedMediaType,
        "StoreUnavailable" => StatusCodes.Status503ServiceUnavailable,
        _ => StatusCodes.Status400BadRequest,
    };
}
