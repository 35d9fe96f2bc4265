using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using SqmSite.Cms.ApiKeys;

namespace SqmSite.Cms.Delivery;

/// <summary>Who is calling: the API key they showed (if any) and whether they asked for drafts.</summary>
public sealed record DeliveryCaller(ApiKeySummary? Key, bool Preview)
{
    /// <summary>What the output cache keeps answers apart by: the key (never its token) or "public".</summary>
    public string CacheIdentity => Key is null ? "public" : Key.Key.ToString("N");
}

/// <summary>
/// Decides once per request who the caller is, before the output cache looks anything up: a key that is unknown,
/// expired or revoked is refused even when an answer for it is cached, and drafts need a preview key.
/// </summary>
public static class DeliveryAccess
{
    public const string ApiKeyHeader = "Api-Key";
    public const string PreviewHeader = "Preview";

    /// <summary>Umbraco's header naming the root (by id or URL segment) that paths in a request are below.</summary>
    public const string StartItemHeader = "Start-Item";
    private static readonly object CallerKey = new();

    /// <summary>The caller, or the problem to answer with (401, 403).</summary>
    public static async ValueTask<(DeliveryCaller? Caller, ProblemDetails? Refusal)> ResolveAsync(HttpContext http)
    {
        if (http.Items[CallerKey] is not Decision decision)
        {
            var (caller, refusal) = await DecideAsync(http);
            decision = new Decision(caller, refusal);
            http.Items[CallerKey] = decision;
        }

        return (decision.Caller, decision.Refusal);
    }

    private sealed record Decision(DeliveryCaller? Caller, ProblemDetails? Refusal);

    private static async ValueTask<(DeliveryCaller?, ProblemDetails?)> DecideAsync(HttpContext http)
    {
        var options = http.RequestServices.GetRequiredService<IOptions<DeliveryOptions>>().Value;
        var preview = string.Equals(http.Request.Headers[PreviewHeader], "true", StringComparison.OrdinalIgnoreCase);
        var token = Token(http.Request);
        ApiKeySummary? key = null;
        if (token is not null)
        {
            key = await http.RequestServices.GetRequiredService<IApiKeyService>().ValidateAsync(token, http.RequestAborted);
            if (key is null)
            {
                return (null, Problem(401, "API key not accepted", "The API key is unknown, expired or revoked. Staff create keys in the backoffice under API keys."));
            }
        }

        if (preview && key is null)
        {
            return (null, Problem(401, "Preview needs an API key",
                "Drafts are shown only with a preview key: send it as 'Authorization: Bearer <key>' or 'Api-Key: <key>'."));
        }

        if (preview && !key!.AllowsPreview)
        {
            return (null, Problem(403, "This key cannot preview", "This API key reads published content only; drafts need a key with the Preview scope."));
        }

        if (key is null && !options.PublicAccess)
        {
            return (null, Problem(401, "An API key is required",
                "This site's delivery API is not public: send a key as 'Authorization: Bearer <key>' or 'Api-Key: <key>'."));
        }

        return (new DeliveryCaller(key, preview), null);
    }

    /// <summary>The token from <c>Authorization: Bearer</c>, else from <c>Api-Key</c>; null when neither is sent.</summary>
    public static string? Token(HttpRequest request)
    {
        var authorization = request.Headers.Authorization.ToString();
        if (authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return authorization["Bearer ".Length..].Trim();
        }

        var apiKey = request.Headers[ApiKeyHeader].ToString();
        return apiKey.Length > 0 ? apiKey.Trim() : null;
    }

    /// <summary>
    /// What the rate limit counts by: a key validated recently (each client its own allowance), else the address. A
    /// token not yet known counts against the address, so made-up tokens never buy a fresh allowance each.
    /// </summary>
    public static string RateLimitPartition(HttpContext http) =>
        Token(http.Request) is { } token && http.RequestServices.GetRequiredService<IApiKeyService>().RecentlyValidated(token) is { } key
            ? "key:" + key.Key.ToString("N")
            : "ip:" + (http.Connection.RemoteIpAddress?.ToString() ?? "unknown");

    public static ProblemDetails Problem(int status, string title, string detail) => new() { Status = status, Title = title, Detail = detail };
}
