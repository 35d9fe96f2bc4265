using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.OutputCaching;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Scalar.AspNetCore;
using SqmSite.Cms.Web;

namespace SqmSite.Cms.Delivery;

/// <summary>
/// The headless delivery API as one capability (Umbraco's <c>AddDeliveryApi()</c>): its endpoints, cache policy, CORS,
/// per-client rate limit and its OpenAPI document with a reference page at <c>/scalar</c>. It owns no tables: it reads
/// the published snapshot, the media catalog, the content change log and the engine's API keys.
/// </summary>
public static class DeliveryRegistration
{
    public static WebApplicationBuilder AddSqmDelivery(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        var section = builder.Configuration.GetSection(DeliveryOptions.Section);
        var options = section.Get<DeliveryOptions>() ?? new DeliveryOptions();
        services.AddOptions<DeliveryOptions>().Bind(section)
            .Validate(o => o.RequestsPerMinute > 0, "SqmSite:Delivery:RequestsPerMinute must be positive.")
            .Validate(o => o.CacheDuration > TimeSpan.Zero, "SqmSite:Delivery:CacheDuration must be positive.")
            .ValidateOnStart();
        services.AddScoped<DeliverySnapshots>();
        services.AddEndpointModule<DeliveryApi>();
        services.AddSingleton<IEndpointModule, DeliveryDocsModule>();
        services.Configure<OutputCacheOptions>(o => o.AddPolicy(DeliveryCachePolicy.Name, new DeliveryCachePolicy()));
        services.AddCors(o => o.AddPolicy(DeliveryRoutes.CorsPolicy, p =>
        {
            if (options.CorsOrigins.Length > 0)
            {
                p.WithOrigins(options.CorsOrigins).WithMethods("GET", "HEAD")
                    .WithHeaders("Authorization", DeliveryAccess.ApiKeyHeader, DeliveryAccess.PreviewHeader, DeliveryAccess.StartItemHeader, "Accept-Language", "If-None-Match")
                    .WithExposedHeaders("ETag", "Retry-After");
            }
        }));
        services.Configure<RateLimiterOptions>(o =>
        {
            o.AddPolicy(DeliveryRoutes.RateLimitPolicy, http =>
            {
                var perMinute = http.RequestServices.GetRequiredService<IOptions<DeliveryOptions>>().Value.RequestsPerMinute;
                return RateLimitPartition.GetFixedWindowLimiter(DeliveryAccess.RateLimitPartition(http),
                    _ => new FixedWindowRateLimiterOptions { PermitLimit = perMinute, Window = TimeSpan.FromMinutes(1) });
            });
            var earlier = o.OnRejected;
            o.OnRejected = async (context, ct) =>
            {
                // Every refusal says when to come back; the API's says it in ProblemDetails too.
                if (context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait))
                {
                    context.HttpContext.Response.Headers.RetryAfter = ((int)Math.Ceiling(wait.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
                }

                if (context.HttpContext.Request.Path.StartsWithSegments(DeliveryRoutes.Prefix))
                {
                    await Results.Problem(DeliveryAccess.Problem(StatusCodes.Status429TooManyRequests, "Too many requests",
                        "This client made too many calls in a minute; wait for the time Retry-After gives.")).ExecuteAsync(context.HttpContext);
                }
                else if (earlier is not null)
                {
                    await earlier(context, ct);
                }
            };
        });
        services.AddOpenApi(DeliveryRoutes.DocumentName, o =>
        {
            o.ShouldInclude = d => d.GroupName == DeliveryRoutes.DocumentName;
            o.AddDocumentTransformer(new DeliveryDocumentTransformer());
            var examples = new DeliveryExampleTransformer();
            o.AddSchemaTransformer(examples);
            o.AddOperationTransformer(examples);
        });
        services.Configure<DeliveryApiExamples>(DeliveryApiExamples.AddEngine);
        return builder;
    }

    /// <summary>The OpenAPI document at <c>/openapi/v1.json</c> and the Scalar reference page at <c>/scalar</c>.</summary>
    private sealed class DeliveryDocsModule : IEndpointModule
    {
        public void MapEndpoints(Microsoft.AspNetCore.Routing.IEndpointRouteBuilder endpoints)
        {
            endpoints.MapOpenApi().AllowAnonymous().CacheOutput(b => b.Expire(TimeSpan.FromMinutes(10)));
            endpoints.MapScalarApiReference(o => o.WithTitle("SqmSite delivery API")
                    // A reference of this site's API, nothing of Scalar's hosted services: no AI chat ("Ask AI"), MCP, SDK
                    // generation or "Deploy" toolbar, no telemetry, and its own fonts rather than fonts.scalar.com (which the
                    // policy below would block anyway). "Test request" calls the site directly: no proxy is set, and the
                    // policy's connect-src 'self' would refuse one elsewhere.
                    .DisableAgent().DisableMcp().HideDeveloperTools().HideClientButton().DisableTelemetry().DisableDefaultFonts())
                .AllowAnonymous()
                // Scalar starts from an inline module script without a nonce and injects its own styles, which the
                // site's nonce policy blocks (a blank page). This static page has no user content and no forms, so it
                // gets a policy of its own (decision 0020).
                .WithMetadata(new Security.OwnContentSecurityPolicy(ReferencePagePolicy));
        }

        private const string ReferencePagePolicy =
            "default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; " +
            "font-src 'self' data:; connect-src 'self'; worker-src 'self' blob:; object-src 'none'; base-uri 'self'; form-action 'none'; " +
            "frame-ancestors 'none'";
    }
}
