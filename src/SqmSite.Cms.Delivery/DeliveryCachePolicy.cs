using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.OutputCaching;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using SqmSite.Cms.Web;

namespace SqmSite.Cms.Delivery;

/// <summary>
/// The output cache of the delivery API. The key holds every input that changes an answer: the path, every query
/// value, the caller's key (never the token itself), Start-Item and Accept-Language (the site has one language today, but
/// a key that leaves out an input a later change makes count would serve one language's answer to another). Preview
/// answers are never cached:
/// a draft changes with every save, which evicts nothing, and must never reach a caller without a preview key (what
/// Umbraco's CVE-2025-54425 got wrong: its cache did not vary by the key header). A caller that is refused is never
/// answered from the cache either. Publishing evicts by the content tag; endpoints whose answers change with time alone
/// also end at the next time boundary.
/// </summary>
internal sealed class DeliveryCachePolicy : IOutputCachePolicy
{
    public const string Name = "delivery";

    public async ValueTask CacheRequestAsync(OutputCacheContext context, CancellationToken cancellation)
    {
        var http = context.HttpContext;
        var (caller, _) = await DeliveryAccess.ResolveAsync(http);
        var cacheable = caller is { Preview: false } && (HttpMethods.IsGet(http.Request.Method) || HttpMethods.IsHead(http.Request.Method));
        context.EnableOutputCaching = cacheable;
        context.AllowCacheLookup = cacheable;
        context.AllowCacheStorage = cacheable;
        context.AllowLocking = cacheable;
        if (!cacheable)
        {
            return;
        }

        // The raw query string, not QueryKeys = "*": building that key sorts each key's values in place, so that
        // sort=year:desc&sort=name:asc reached the endpoint as name first (the order of sorts is the meaning).
        context.CacheVaryByRules.VaryByValues["query"] = http.Request.QueryString.Value ?? "";
        // Start-Item changes which item a path names; Accept-Language is kept in the key as the issue asks, so answers
        // never cross languages once content has several (today each language gets its own copy of the same answer).
        context.CacheVaryByRules.HeaderNames = new([DeliveryAccess.StartItemHeader, "Accept-Language"]);
        context.CacheVaryByRules.VaryByValues["client"] = caller!.CacheIdentity;
        context.Tags.Add(PublishedContentController.OutputCacheTag);
        context.ResponseExpirationTimeSpan = http.RequestServices.GetRequiredService<IOptions<DeliveryOptions>>().Value.CacheDuration;
        if (http.GetEndpoint()?.Metadata.GetMetadata<TimeBoundedAnswer>() is not null)
        {
            context.ResponseExpirationTimeSpan = OutputCacheBoundaries.Shorten(context.ResponseExpirationTimeSpan,
                http.RequestServices.GetRequiredService<TimeProvider>().GetUtcNow(), http.RequestServices.GetServices<IOutputCacheBoundary>());
        }
    }

    public ValueTask ServeFromCacheAsync(OutputCacheContext context, CancellationToken cancellation) => ValueTask.CompletedTask;

    public ValueTask ServeResponseAsync(OutputCacheContext context, CancellationToken cancellation)
    {
        // Only complete 200 answers are kept: a 404 for an id that is published a second later must not linger.
        if (context.HttpContext.Response.StatusCode != StatusCodes.Status200OK)
        {
            context.AllowCacheStorage = false;
        }

        return ValueTask.CompletedTask;
    }
}
