using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace SqmSite.Cms.Delivery;

/// <summary>The document's introduction: what the API is, how to authenticate, preview, cache and page.</summary>
internal sealed class DeliveryDocumentTransformer : IOpenApiDocumentTransformer
{
    public Task TransformAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        document.Info = new OpenApiInfo
        {
            Title = "SqmSite delivery API",
            Version = "v1",
            Description = """
                Published content of the CX Best Practice Awards site as JSON, in the shapes of Umbraco's Delivery API:
                a list is `{ "total", "items" }`, an item has `id`, `contentType`, `name`, `createDate`, `updateDate`, `route`
                and `properties`.

                **Keys.** Reading published content needs no key unless the site turned public access off. Send a key as
                `Authorization: Bearer <key>` or `Api-Key: <key>`; staff create keys in the backoffice (API keys). Drafts need a
                key with the Preview scope and the header `Preview: true`; without one the answer is 401.

                **Caching.** Answers carry a strong `ETag`; send it back as `If-None-Match` for a `304 Not Modified`.

                **Limits.** Each client (a key, or else an address) may make a set number of calls a minute; past it the answer
                is `429` with `Retry-After`. Errors are `application/problem+json` with a message naming the parameter.
                """,
        };
        document.Components ??= new OpenApiComponents();
        document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
        document.Components.SecuritySchemes["ApiKey"] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.ApiKey,
            In = ParameterLocation.Header,
            Name = DeliveryAccess.ApiKeyHeader,
            Description = "A delivery API key (or send it as Authorization: Bearer).",
        };
        return Task.CompletedTask;
    }
}
