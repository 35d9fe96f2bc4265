using System.ComponentModel;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.AspNetCore.Routing;
using SqmSite.Cms.Delivery;
using SqmSite.Cms.Search.Querying;
using SqmSite.Cms.Web;

namespace SqmSite.Cms.Search.Web;

/// <summary>
/// <c>GET /api/delivery/v1/search</c>: the site search for other front ends, with the delivery API's conventions (caller,
/// cache, CORS, rate limit, ProblemDetails). Published content only, as the search page.
/// </summary>
internal sealed class SearchDeliveryApi : IEndpointModule
{
    public void MapEndpoints(IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapDeliveryGroup("", "Search");
        var endpoint = group.MapGet("/search", Search).WithName("SearchContent")
            .WithSummary("Search published pages, with highlighted snippets and facets")
            .WithDescription("""
                Full-text search of the published site, as the /search page does it: every word must match (as typed, as
                an English stem, within one typo from 5 letters and two from 9, or through a synonym the editors keep); when
                no page has them all, pages with any of them are given and `anyWord` is true. Results are ranked by
                relevance (name and headings above body text) or, with `order=newest`, by when they were last published.
                `snippet` is HTML: the text is encoded and the words found are in `<mark>`. `facets` counts the matches by
                document type and by each filterable property (a winner story's year and category); `facet=name:value`
                narrows to a value, and several facets combine. `didYouMean` is a spelling the index knows, given when
                nothing was found. Any text is a valid query (no syntax: quotes, brackets, `*` or `~` are only characters);
                a query over 200 characters, an unknown facet or bad paging is a 400; 503 while the index is first built.
                Published content only: a preview key with `Preview: true` gets the same answer as everyone.
                """)
            .Produces<SearchDocs.SearchAnswer>().ProducesProblem(400).ProducesProblem(401).ProducesProblem(429).ProducesProblem(503);
        // Not kept in the output cache: publishing evicts cached answers before the index has taken the change in, so
            // a search cached in between would miss a new page until it expired. Few searches repeat; ETags still give 304.
        endpoint.CacheOutput(p => p.NoCache());
    }

    private static IResult Search(SiteSearch search, HttpContext http,
        [Description("The words to look for, at most 200 characters.")] string? q,
        [Description("A facet value to narrow to, as `name:value` (e.g. `type:winnerStory`, `year:2025`); repeat for several.")] string[]? facet,
        [Description("`relevance` (when left out) or `newest`.")] string? order,
        [Description("How many results to skip (a whole number, 0 when left out).")] string? skip,
        [Description("How many to return: 0 to 100, 10 when left out.")] string? take)
    {
        var errors = new Dictionary<string, string>();
        var (skipCount, takeCount) = Delivery.Content.ContentQuery.ParsePaging(skip, take, errors);
        var sort = SearchSort.Relevance;
        if (!string.IsNullOrWhiteSpace(order))
        {
            if (string.Equals(order.Trim(), "newest", StringComparison.OrdinalIgnoreCase))
            {
                sort = SearchSort.Newest;
            }
            else if (!string.Equals(order.Trim(), "relevance", StringComparison.OrdinalIgnoreCase))
            {
                errors["order"] = "order is relevance or newest.";
            }
        }

        var facets = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var f in facet ?? [])
        {
            var colon = f.IndexOf(':');
            if (colon <= 0 || colon == f.Length - 1)
            {
                errors["facet"] = "A facet is name:value, such as type:winnerStory or year:2025.";
            }
            else if (!facets.TryAdd(f[..colon].Trim(), f[(colon + 1)..].Trim()))
            {
                errors["facet"] = $"The facet {f[..colon].Trim()} is given twice; give one value per facet.";
            }
        }

        if (errors.Count > 0)
        {
            return DeliveryProblems.Invalid(errors);
        }

        var attempt = search.Search(new SearchRequest(q, facets, sort, skipCount, takeCount));
        if (!attempt.Succeeded)
        {
            if (attempt.Status == SearchOperationStatus.NotReady)
            {
                // Told when to come back, a client (or a proxy) does not poll in a tight loop while the index is built.
                http.Response.Headers.RetryAfter = SearchController.RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
                return DeliveryProblems.From(DeliveryAccess.Problem(StatusCodes.Status503ServiceUnavailable, "Search is being prepared", attempt.Message!));
            }

            return DeliveryProblems.Invalid(attempt.Errors.Count > 0 ? attempt.Errors
                : new Dictionary<string, string> { [attempt.Status == SearchOperationStatus.UnknownFacet ? "facet" : "skip"] = attempt.Message! });
        }

        var results = attempt.Value!;
        return new DeliveryJsonResult(w => Write(w, results));
    }

    private static void Write(Utf8JsonWriter w, SearchResults results)
    {
        w.WriteStartObject();
        w.WriteNumber("total", results.Total);
        w.WriteStartArray("items");
        foreach (var hit in results.Items)
        {
            w.WriteStartObject();
            w.WriteString("id", hit.Content.Key);
            w.WriteString("name", hit.Content.Name);
            w.WriteString("contentType", hit.Content.ContentTypeAlias);
            DeliveryJson.WriteRoute(w, hit.Content);
            w.WriteString("snippet", hit.Snippet);
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteStartObject("facets");
        foreach (var f in results.Facets)
        {
            w.WriteStartArray(f.Name);
            foreach (var v in f.Values)
            {
                w.WriteStartObject();
                w.WriteString("value", v.Value);
                w.WriteString("label", v.Label);
                w.WriteNumber("count", v.Count);
                w.WriteBoolean("selected", v.Selected);
                w.WriteEndObject();
            }

            w.WriteEndArray();
        }

        w.WriteEndObject();
        w.WriteBoolean("anyWord", results.AnyWord);
        if (results.DidYouMean is { } spelling)
        {
            w.WriteString("didYouMean", spelling);
        }
        else
        {
            w.WriteNull("didYouMean");
        }

        w.WriteEndObject();
    }

    public static void AddExamples(DeliveryApiExamples e) => e
        .ForType<SearchDocs.SearchAnswer>("""
            {
              "total": 14,
              "items": [
                {
                  "id": "5b2a3c1e-8d2f-4d8e-9a51-0e3b7f3c9a10", "name": "IVR Self-Service", "contentType": "categoryPage",
                  "route": { "path": "/categories/ivr-self-service/", "startItem": { "id": "9e6a2b1c-0f3d-4a57-b8e2-6c1d2f3a4b5c", "path": "home" } },
                  "snippet": "Recognizes the <mark>IVR</mark> or voice portal that lets callers help themselves …"
                }
              ],
              "facets": {
                "type": [ { "value": "winnerStory", "label": "Winner story", "count": 12, "selected": false }, { "value": "categoryPage", "label": "Category page", "count": 2, "selected": false } ],
                "year": [ { "value": "2025", "label": "2025", "count": 3, "selected": false } ],
                "category": [ { "value": "IVR Self-Service", "label": "IVR Self-Service", "count": 12, "selected": false } ]
              },
              "anyWord": false,
              "didYouMean": null
            }
            """)
        .ForParameter("q", "IVR")
        .ForParameter("facet", new JsonArray("type:winnerStory", "year:2025"))
        .ForParameter("order", "relevance");
}

/// <summary>The search answer's shape for the OpenAPI document only; the endpoint writes its JSON directly.</summary>
public static class SearchDocs
{
    [Description("A result: the page, its route and a snippet of its text.")]
    public sealed record SearchItem(
        Guid Id,
        string Name,
        [property: Description("The document type's alias, e.g. winnerStory")] string ContentType,
        DeliveryDocs.Route Route,
        [property: Description("HTML: the text encoded, the words found in <mark>")] string Snippet);

    [Description("A facet value and how many matches have it.")]
    public sealed record FacetValue(string Value, [property: Description("As people read it: a document type's name")] string Label, int Count,
        [property: Description("True when the search is narrowed to it")] bool Selected);

    [Description("Search results, with the counts of each facet over all matches.")]
    public sealed record SearchAnswer(
        [property: Description("How many pages matched, before skip and take")] int Total,
        SearchItem[] Items,
        [property: Description("By facet name (type, year, category): its values with counts")] Dictionary<string, FacetValue[]> Facets,
        [property: Description("True when no page had every word and these have some of them")] bool AnyWord,
        [property: Description("A spelling the index knows, when nothing was found")] string? DidYouMean);
}
