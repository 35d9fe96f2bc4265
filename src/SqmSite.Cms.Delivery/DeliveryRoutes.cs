using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.OutputCaching;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using SqmSite.Cms.Web;

namespace SqmSite.Cms.Delivery;

/// <summary>
/// The conventions every delivery endpoint shares, whichever module maps it (the engine's content and media, the
/// awards package's cycles and winners): anonymous at the cookie level, the caller decided by <see cref="DeliveryAccess"/>,
/// the output cache policy, CORS from settings, the per-client rate limit, and one OpenAPI document.
/// </summary>
public static class DeliveryRoutes
{
    public const string Prefix = "/api/delivery/v1";
    public const string CorsPolicy = "delivery";
    public const string RateLimitPolicy = "delivery";
    public const string DocumentName = "v1";

    /// <summary>A route group below <c>/api/delivery/v1</c> with the shared conventions.</summary>
    public static RouteGroupBuilder MapDeliveryGroup(this IEndpointRouteBuilder endpoints, string prefix, string tag)
    {
        var group = endpoints.MapGroup(Prefix + prefix);
        group.AllowAnonymous()
            .RequireCors(CorsPolicy)
            .RequireRateLimiting(RateLimitPolicy)
            .CacheOutput(DeliveryCachePolicy.Name)
            .WithTags(tag)
            .WithGroupName(DocumentName);
        group.AddEndpointFilter(async (context, next) =>
        {
            var (_, refusal) = await DeliveryAccess.ResolveAsync(context.HttpContext);
            return refusal is null ? await next(context) : DeliveryProblems.From(refusal);
        });
        return group;
    }

    /// <summary>
    /// For answers that change as time passes with nothing published (a cycle's open step, days to a deadline): the
    /// cached answer ends at the next <see cref="IOutputCacheBoundary"/>, as the site's pages do.
    /// </summary>
    public static TBuilder CacheUntilTimeBoundaries<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(TimeBoundedAnswer.Instance);

    /// <summary>The current <see cref="DeliveryCaller"/>; only valid inside a delivery group, after its filter let the call through.</summary>
    public static async ValueTask<DeliveryCaller> CallerAsync(this HttpContext http) => (await DeliveryAccess.ResolveAsync(http)).Caller!;
}

/// <summary>Marks an endpoint whose cached answers end at the next time boundary (see <see cref="DeliveryRoutes.CacheUntilTimeBoundaries"/>).</summary>
internal sealed class TimeBoundedAnswer
{
    public static readonly TimeBoundedAnswer Instance = new();
}
