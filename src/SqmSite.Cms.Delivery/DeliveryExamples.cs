using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.OpenApi;

namespace SqmSite.Cms.Delivery;

/// <summary>
/// Example values for the OpenAPI document: an answer for each response shape and a value for each query parameter, by
/// name. The engine gives its own; a package adds those of its endpoints with
/// <c>services.Configure&lt;DeliveryApiExamples&gt;(e =&gt; e.ForType&lt;T&gt;(...))</c>.
/// </summary>
public sealed class DeliveryApiExamples
{
    internal Dictionary<Type, JsonNode> Types { get; } = [];

    internal Dictionary<string, JsonNode> Parameters { get; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>An example answer of type <typeparamref name="T"/>, as JSON; an array of <typeparamref name="T"/> gets a list of it.</summary>
    public DeliveryApiExamples ForType<T>(string json)
    {
        Types[typeof(T)] = JsonNode.Parse(json) ?? throw new ArgumentException("The example is JSON null.", nameof(json));
        return this;
    }

    /// <summary>An example value of every parameter named <paramref name="name"/> (a string, or a JSON array for a repeated one).</summary>
    public DeliveryApiExamples ForParameter(string name, JsonNode example)
    {
        Parameters[name] = example;
        return this;
    }

    /// <summary>The engine's endpoints: content, media, the change feed and their problems.</summary>
    internal static void AddEngine(DeliveryApiExamples e) => e
        .ForType<DeliveryDocs.ContentItem>(ContentItemExample)
        .ForType<DeliveryDocs.ContentList>($$"""{ "total": 579, "items": [{{ContentItemExample}}] }""")
        .ForType<DeliveryDocs.MediaItem>(MediaItemExample)
        .ForType<DeliveryDocs.ChangeList>("""
            {
              "cursor": "1842", "hasMore": false,
              "items": [
                { "cursor": "1841", "id": "0f8fad5b-d9cb-469f-a165-70867728950e", "contentType": "winnerStory", "change": "Published", "date": "2026-11-30T14:02:11Z" },
                { "cursor": "1842", "id": "7c9e6679-7425-40de-944b-e07fc1f90ae7", "contentType": "contentPage", "change": "Deleted", "date": "2026-11-30T14:05:40Z" }
              ]
            }
            """)
        .ForType<ProblemDetails>("""
            {
              "type": "https://tools.ietf.org/html/rfc9110#section-15.5.1", "title": "The query is not valid", "status": 400,
              "detail": "take must be a whole number from 0 to 100.", "errors": { "take": ["take must be a whole number from 0 to 100."] }
            }
            """)
        .ForParameter("id", "0f8fad5b-d9cb-469f-a165-70867728950e")
        .ForParameter("path", "past-winners/2025/northwind-energy-ivr-self-service")
        .ForParameter("fetch", "children:/past-winners/2025/")
        .ForParameter("filter", new JsonArray("contentType:winnerStory", "year:2025", "category:IVR Self-Service"))
        .ForParameter("sort", new JsonArray("name:asc"))
        .ForParameter("skip", "0")
        .ForParameter("take", "20")
        .ForParameter("fields", "properties[headline,summary,year]")
        .ForParameter("expand", "properties[logo]")
        .ForParameter("since", "1840")
        .ForParameter(DeliveryAccess.StartItemHeader, "home");

    private const string ContentItemExample = """
        {
          "id": "0f8fad5b-d9cb-469f-a165-70867728950e", "contentType": "winnerStory", "name": "Northwind Energy, IVR Self-Service",
          "createDate": "2025-10-02T09:14:00Z", "updateDate": "2025-10-20T16:30:12Z",
          "route": { "path": "/past-winners/2025/northwind-energy-ivr-self-service/", "startItem": { "id": "5d1b3b42-8b0a-4c3e-9d1f-2f6f6b9a7c11", "path": "home" } },
          "properties": {
            "headline": "Northwind Energy: self-service containment from 38% to 61%",
            "summary": "A rebuilt IVR that lets customers finish what they called for.",
            "organizationName": "Northwind Energy", "category": "IVR Self-Service", "year": 2025,
            "story": { "markup": "<p>Customers told us the old menu was a maze…</p>" }
          }
        }
        """;

    private const string MediaItemExample = """
        {
          "id": "9a4c2f0e-1b7d-4e55-8c3a-6f2d1e0b9a77", "name": "Northwind Energy logo", "mediaType": "Image",
          "url": "/media/9a4c2f0e1b7d4e558c3a6f2d1e0b9a77/northwind-logo.png", "extension": "png", "bytes": 48213,
          "updateDate": "2025-10-02T09:10:00Z", "width": 1200, "height": 600, "altText": "Northwind Energy",
          "focalPoint": { "left": 0.5, "top": 0.5 },
          "crops": [{ "alias": "logo", "width": 400, "height": 200, "url": "/media/9a4c2f0e1b7d4e558c3a6f2d1e0b9a77/northwind-logo.png?crop=logo&v=3&s=…" }],
          "widths": [{ "value": 480, "url": "/media/9a4c2f0e1b7d4e558c3a6f2d1e0b9a77/northwind-logo.png?width=480&v=3&s=…" }]
        }
        """;
}

/// <summary>Puts <see cref="DeliveryApiExamples"/> into the document: on the response schemas and on the parameters.</summary>
internal sealed class DeliveryExampleTransformer : IOpenApiSchemaTransformer, IOpenApiOperationTransformer
{
    public Task TransformAsync(OpenApiSchema schema, OpenApiSchemaTransformerContext context, CancellationToken cancellationToken)
    {
        var examples = context.ApplicationServices.GetRequiredService<IOptions<DeliveryApiExamples>>().Value;
        var type = context.JsonTypeInfo.Type;
        if (examples.Types.TryGetValue(type, out var example))
        {
            schema.Examples = [example.DeepClone()];
        }
        else if (type.IsArray && examples.Types.TryGetValue(type.GetElementType()!, out var item))
        {
            schema.Examples = [new JsonArray(item.DeepClone())];
        }

        return Task.CompletedTask;
    }

    public Task TransformAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        var examples = context.ApplicationServices.GetRequiredService<IOptions<DeliveryApiExamples>>().Value;
        foreach (var parameter in operation.Parameters?.OfType<OpenApiParameter>() ?? [])
        {
            if (parameter.Name is { } name && examples.Parameters.TryGetValue(name, out var example))
            {
                // A repeated parameter (id=a&id=b) takes a list; a single one its first value.
                var repeated = parameter.Schema?.Type is { } t && t.HasFlag(JsonSchemaType.Array);
                parameter.Example = (example, repeated) switch
                {
                    (JsonArray list, false) => list[0]!.DeepClone(),
                    (JsonArray, true) => example.DeepClone(),
                    (_, true) => new JsonArray(example.DeepClone()),
                    _ => example.DeepClone(),
                };
            }
        }

        return Task.CompletedTask;
    }
}
