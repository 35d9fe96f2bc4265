using System.Buffers;
using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Net.Http.Headers;
using SqmSite.Cms.Web;

namespace SqmSite.Cms.Delivery;

/// <summary>
/// A JSON answer with a strong ETag (a hash of its bytes), answered 304 when the client already has it. The output
/// cache keeps the ETag with the answer and makes the same 304 from the cache.
/// </summary>
public sealed class DeliveryJsonResult(Action<Utf8JsonWriter> write) : IResult
{
    public async Task ExecuteAsync(HttpContext http)
    {
        var buffer = new ArrayBufferWriter<byte>(16 * 1024);
        await using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { SkipValidation = true }))
        {
            write(writer);
        }

        var etag = "\"" + Convert.ToBase64String(SHA256.HashData(buffer.WrittenSpan), 0, 18).Replace('+', '-').Replace('/', '_') + "\"";
        var response = http.Response;
        response.Headers.ETag = etag;
        var (caller, _) = await DeliveryAccess.ResolveAsync(http);
        // Drafts and keyed answers stay out of shared caches; public ones may be kept but are checked each time.
        response.Headers.CacheControl = caller is { Preview: true } ? "private, no-store" : caller?.Key is not null ? "private, no-cache" : "public, no-cache";
        response.Headers.Vary = "Accept-Language, Authorization, Api-Key, Preview, Start-Item";
        if (Matches(http.Request.Headers.IfNoneMatch, etag))
        {
            response.StatusCode = StatusCodes.Status304NotModified;
            return;
        }

        response.ContentType = "application/json; charset=utf-8";
        response.ContentLength = buffer.WrittenCount;
        if (!HttpMethods.IsHead(http.Request.Method))
        {
            await response.Body.WriteAsync(buffer.WrittenMemory, http.RequestAborted);
        }
    }

    private static bool Matches(Microsoft.Extensions.Primitives.StringValues ifNoneMatch, string etag) =>
        EntityTagHeaderValue.TryParseList(ifNoneMatch, out var tags)
        && tags.Any(t => t.Equals(EntityTagHeaderValue.Any) || (!t.IsWeak && t.Tag.Equals(etag, StringComparison.Ordinal)));
}

public static class DeliveryProblems
{
    public static IResult NotFound(string detail) =>
        Results.Problem(DeliveryAccess.Problem(StatusCodes.Status404NotFound, "Not found", detail));

    public static IResult From(IAttempt attempt, string title) => Results.Problem(attempt.ToProblemDetails(title));

    /// <summary>400 for query parameters that are not valid: the first message as the detail, each by its parameter.</summary>
    public static IResult Invalid(IReadOnlyDictionary<string, string> errors) =>
        From(Attempt<Content.DeliveryQueryStatus>.Fail(Content.DeliveryQueryStatus.Invalid, errors.Values.First(), errors), "The query is not valid");

    public static IResult From(ProblemDetails problem) => Results.Problem(problem);
}
